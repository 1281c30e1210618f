using System.Threading;
using System.Threading.Tasks;
using SuperDeploy.Model;

namespace SuperDeploy.Deploy.Nodes;

/// <summary>What a command did on a node: its exit code and captured output.</summary>
public sealed record NodeCommandResult(int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;

    public static NodeCommandResult Ok(string stdout = "") => new(0, stdout, "");

    public static NodeCommandResult Fail(int exitCode, string stderr) => new(exitCode, "", stderr);
}

/// <summary>
/// Runs commands on one node (over SSH in production). A minimal stand-in for the deploy plan's ICommandRunner until
/// that lands on main; an adapter of a few lines makes either one the other.
/// </summary>
public interface INodeRunner
{
    /// <exception cref="NodesException">The command could not run at all (SSH refused, host key unknown): code SD7106.</exception>
    Task<NodeCommandResult> RunAsync(NodeCommand command, CancellationToken cancellationToken);
}

/// <summary>Hands out the runner of each node (one SSH target each).</summary>
public interface INodeConnector
{
    INodeRunner For(NodeDefinition node);

    /// <summary>A node known only by the ssh target recorded in its label (it was removed from the declarations).</summary>
    INodeRunner ForTarget(string target);
}
