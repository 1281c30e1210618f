using System;
using System.Linq;
using Microsoft.Build.Framework;
using SuperDeploy.Deploy.Nodes;
using SuperDeploy.Model;
using SuperDeploy.Sources;
using SuperDeploy.Validation;

namespace SuperDeploy.Tasks;

// The multi-node part of the deploy-side tasks: @(SuperDeployNode), validated exactly as SuperDeployGenerate and
// SuperDeployUp validate it; no items = one VM.
public abstract partial class DeployTaskBase
{
    /// <summary>@(SuperDeployNode): the project's nodes (usually from a shared Directory.Build.props).</summary>
    public ITaskItem[] Nodes { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>
    /// The declared nodes for the deploy (null: none, one VM). False when an item or the app's roles are invalid: the
    /// errors are logged (coded, at the item) and the task stops before it runs any command.
    /// </summary>
    protected bool TryReadNodes(AppDefinition app, out DeployNodes? nodes)
    {
        nodes = null;
        if (Nodes.Length == 0) return true;
        var result = NodeRules.Read(NodeItemSource.Nodes(Nodes, ProjectFile));
        var diagnostics = result.Diagnostics.Concat(result.HasErrors ? Enumerable.Empty<Diagnostic>() : NodeRules.CheckRoles(app, result.Nodes)).ToList();
        // Warnings were the build's to show (SuperDeployGenerate runs first); errors stop the deploy here too.
        foreach (var error in diagnostics.Where(d => d.IsError)) Report(error);
        if (diagnostics.Any(d => d.IsError)) return false;

        int? port = string.IsNullOrWhiteSpace(SshPort) ? null : Port("SuperDeploySshPort", SshPort, 22);
        nodes = new DeployNodes(result.Nodes, new SshNodeConnector(SshIdentityFile, KnownHostsFile, port));
        return true;
    }

    /// <summary>Every node pulls the image: one only in the local engine cannot run on the others (SD7109, logged).</summary>
    protected bool ImageReachableBy(DeployNodes? nodes, bool imageInRegistry, string image)
    {
        if (nodes is null || imageInRegistry) return true;
        var (code, text) = Messages.Split(Messages.Format(nameof(Resources.Strings.NodesNeedRegistry), System.IO.Path.GetFileName(ProjectFile), image));
        Log.LogError(null, code, null, ProjectFile, 0, 0, 0, 0, text);
        return false;
    }
}
