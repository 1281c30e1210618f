using SuperDeploy.Deploy.Execution;
using SuperDeploy.Model;

namespace SuperDeploy.Deploy.Nodes;

/// <summary>Hands out the command runner of each node: one SSH target each (<see cref="SshNodeConnector"/>), a fake in tests.</summary>
public interface INodeConnector
{
    ICommandRunner For(NodeDefinition node);

    /// <summary>A node known only by the ssh target recorded in its label (it was removed from the declarations).</summary>
    ICommandRunner ForTarget(string target);
}

/// <summary>The deploy's <see cref="SshRunner"/> per node, sharing the project's identity file and known_hosts.</summary>
public sealed class SshNodeConnector : INodeConnector
{
    private readonly string? _identityFile;
    private readonly string? _knownHostsFile;
    private readonly int? _defaultPort;

    public SshNodeConnector(string? identityFile, string? knownHostsFile, int? defaultPort = null)
    {
        _identityFile = string.IsNullOrWhiteSpace(identityFile) ? null : identityFile!.Trim();
        _knownHostsFile = string.IsNullOrWhiteSpace(knownHostsFile) ? null : knownHostsFile!.Trim();
        _defaultPort = defaultPort;
    }

    public ICommandRunner For(NodeDefinition node) => new SshRunner(new SshTarget(node.Target, node.Port ?? _defaultPort, _identityFile, _knownHostsFile));

    public ICommandRunner ForTarget(string target) => new SshRunner(new SshTarget(target, _defaultPort, _identityFile, _knownHostsFile));
}
