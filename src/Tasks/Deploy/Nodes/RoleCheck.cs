using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using SuperDeploy.Model;
using SuperDeploy.Resources;

namespace SuperDeploy.Deploy.Nodes;

/// <summary>
/// Deploy-time guard on a multi-node swarm: every role the app is placed on must have a node that can run tasks,
/// checked before anything changes (otherwise `docker stack deploy` succeeds and the tasks wait forever).
/// Commands: <see cref="SwarmNodeCommands.ListNodeIds"/>, then <see cref="SwarmNodeCommands.InspectNodes"/> on the manager.
/// </summary>
public static class RoleCheck
{
    /// <summary>A role no ready, active node carries, and the processes that need it.</summary>
    public sealed record MissingRole(string Role, IReadOnlyList<string> Processes);

    public static IReadOnlyList<MissingRole> Missing(AppDefinition app, IReadOnlyList<SwarmNode> nodes) =>
        app.Processes
            .GroupBy(p => Placement.RoleOf(app, p), StringComparer.Ordinal)
            .Where(group => !nodes.Any(n => n.CanRunTasks && n.HasRole(group.Key)))
            .Select(group => new MissingRole(group.Key, group.Select(p => p.Name).ToList()))
            .ToList();

    /// <summary>Throws SD7101 for the first missing role, naming the roles the live nodes do have.</summary>
    public static void Ensure(AppDefinition app, IReadOnlyList<SwarmNode> nodes, string targetDisplay)
    {
        var missing = Missing(app, nodes);
        if (missing.Count == 0) return;
        var first = missing[0];
        var present = nodes.Where(n => n.CanRunTasks).SelectMany(n => n.Roles).Distinct(StringComparer.Ordinal).OrderBy(r => r, StringComparer.Ordinal).ToList();
        var processes = first.Processes.Count == 1 ? $"process '{first.Processes[0]}'" : $"processes {string.Join(", ", first.Processes.Select(p => $"'{p}'"))}";
        throw DeployErrors.Create(nameof(Strings.RoleHasNoNode), $"{app.App}'s {processes}", first.Role, targetDisplay,
            present.Count == 0 ? "none" : string.Join(", ", present));
    }

    /// <summary>Reads the nodes through the deploy's target (the manager) and checks; call before the first change.</summary>
    public static async Task EnsureAsync(Target target, AppDefinition app) =>
        Ensure(app, await ReadNodesAsync(target).ConfigureAwait(false), target.Runner.TargetDisplay);

    public static async Task<IReadOnlyList<SwarmNode>> ReadNodesAsync(Target target)
    {
        var ids = (await target.RunAsync(SwarmNodeCommands.ListNodeIds()).ConfigureAwait(false))
            .Split('\n').Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();
        return ids.Length == 0 ? Array.Empty<SwarmNode>() : SwarmNode.ParseAll(await target.RunAsync(SwarmNodeCommands.InspectNodes(ids)).ConfigureAwait(false));
    }
}
