using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using SuperDeploy.Generators;
using SuperDeploy.Model;
using SuperDeploy.Resources;
using SuperDeploy.Deploy.Commands;

namespace SuperDeploy.Deploy.Nodes;

/// <summary>
/// What a deploy needs to know about a multi-node project: the declared SuperDeployNode items (validated) and how to
/// reach each node over SSH. A deploy without it (no items) is a one-VM deploy: no placement, no node checks.
/// </summary>
public sealed record DeployNodes(IReadOnlyList<NodeDefinition> Nodes, INodeConnector Connector)
{
    /// <summary>Where Caddy may run: the `edge` role's nodes, else the managers (<see cref="StackPlacement.EdgeConstraints(IEnumerable{NodeDefinition})"/>).</summary>
    public IReadOnlyList<string> EdgeConstraints => StackPlacement.EdgeConstraints(Nodes);

    /// <summary>
    /// Before anything changes: the target must manage a swarm (else SD7107: SuperDeployUp has not run, or SuperDeployHost
    /// is not a manager) and every role the app is placed on must have a ready node (<see cref="RoleCheck"/>, SD7101).
    /// </summary>
    /// <returns>The step's line: each role the app needs and its ready nodes, e.g. `nodes: app on vm2, vm3; worker on vm3`.</returns>
    public async Task<string?> CheckAsync(Target target, AppDefinition app)
    {
        var list = SwarmNodeCommands.ListNodeIds();
        var listed = await target.TryAsync(list).ConfigureAwait(false);
        if (!listed.Succeeded)
        {
            var why = (listed.Stderr.Length > 0 ? listed.Stderr : listed.Stdout).Trim();
            // "This node is not a swarm manager." covers both: no swarm at all, or a worker.
            if (why.IndexOf("swarm", StringComparison.OrdinalIgnoreCase) >= 0)
                throw DeployErrors.Create(nameof(Strings.NodesTargetNotManager), target.Runner.TargetDisplay, Nodes.Count, why);
            throw target.Failed(list, listed);
        }

        var ids = listed.Stdout.Split('\n').Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();
        var nodes = ids.Length == 0
            ? Array.Empty<SwarmNode>()
            : SwarmNode.ParseAll(await target.RunAsync(SwarmNodeCommands.InspectNodes(ids)).ConfigureAwait(false));
        RoleCheck.Ensure(app, nodes, target.Runner.TargetDisplay);
        return "nodes: " + string.Join("; ", Placement.RolesNeeded(app).Select(role => role + " on " + string.Join(", ",
            nodes.Where(n => n.CanRunTasks && n.HasRole(role)).Select(n => n.Hostname).OrderBy(h => h, StringComparer.Ordinal))));
    }

    /// <summary>Finds the node running a service's task (the edge's Caddy, an addon), so `docker exec` runs on that node's engine.</summary>
    public ServiceNodeLocator Locator(Target manager) => new(manager, this);
}
