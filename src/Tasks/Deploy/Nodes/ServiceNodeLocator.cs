using System;
using System.Linq;
using System.Threading.Tasks;
using SuperDeploy.Resources;

namespace SuperDeploy.Deploy.Nodes;

/// <summary>
/// On a multi-node swarm a service's container (the edge's Caddy, an addon pinned with Vm) runs on some node, not
/// necessarily on the manager the deploy talks to, and `docker exec` only reaches containers of the engine it runs
/// against. This finds the node of the service's running task (`docker service ps` on the manager) and hands out a target
/// for that node's engine: the manager's own when the task runs there (one manager that also has the edge role, an addon
/// on the manager), else an SSH runner to the node, reached by the target SuperDeployUp recorded in its
/// `superdeploy.node` label.
/// </summary>
public sealed class ServiceNodeLocator
{
    private readonly Target _manager;
    private readonly DeployNodes _nodes;
    private string? _managerHostname;

    public ServiceNodeLocator(Target manager, DeployNodes nodes)
    {
        _manager = manager;
        _nodes = nodes;
    }

    /// <summary>The target whose engine runs the edge's task; null while no task of it is running yet. Unreachable: SD7108.</summary>
    public Task<Target?> LocateEdgeAsync(string edgeService) =>
        LocateAsync(edgeService, "the edge", node => DeployErrors.Create(nameof(Strings.EdgeNodeUnreachable), edgeService, node, _manager.Runner.TargetDisplay));

    /// <summary>
    /// The target whose engine runs the service's task; null while no task of it is running. Unreachable: SD7110.
    /// </summary>
    /// <param name="what">What the service is, for messages: `addon 'databases.primary'`.</param>
    public Task<Target?> LocateAsync(string service, string what) =>
        LocateAsync(service, what, node => DeployErrors.Create(nameof(Strings.ServiceNodeUnreachable), what, service, node, _manager.Runner.TargetDisplay));

    private async Task<Target?> LocateAsync(string service, string what, Func<string, DeployException> unreachable)
    {
        var replicas = await ReplicaNodes.ReadAsync(_manager, new[] { service }).ConfigureAwait(false);
        var running = replicas.FirstOrDefault(r => r.IsRunning && r.Node.Length > 0);
        if (running is null) return null;

        _managerHostname ??= (await _manager.RunAsync(Commands.SwarmCommands.SelfHostname()).ConfigureAwait(false)).Trim();
        if (string.Equals(running.Node, _managerHostname, StringComparison.Ordinal)) return _manager;

        var node = (await RoleCheck.ReadNodesAsync(_manager).ConfigureAwait(false))
            .FirstOrDefault(n => string.Equals(n.Hostname, running.Node, StringComparison.Ordinal));
        var label = node?.Target;
        if (label is null) throw unreachable(running.Node);

        // The declared item, when there is one, knows the node's own SSH port.
        var declared = _nodes.Nodes.FirstOrDefault(n => string.Equals(n.Target, label, StringComparison.Ordinal));
        var runner = declared is not null ? _nodes.Connector.For(declared) : _nodes.Connector.ForTarget(label);
        _manager.Output.Detail($"  {what} runs on {running.Node}: its container is reached through {runner.TargetDisplay}");
        return new Target(runner, _manager.Output, _manager.Clock, _manager.CancellationToken);
    }
}
