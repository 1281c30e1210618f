using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using SuperDeploy.Model;
using SuperDeploy.Resources;
using SuperDeploy.Deploy.Commands;

namespace SuperDeploy.Deploy.Nodes;

/// <summary>
/// Deploy-time guard on a multi-node swarm: every role the app is placed on must have a node that can run tasks,
/// checked before anything changes (otherwise `docker stack deploy` succeeds and the tasks wait forever).
/// Commands: <see cref="SwarmNodeCommands.ListNodeIds"/>, then <see cref="SwarmNodeCommands.InspectNodes"/> on the manager.
/// </summary>
public static class RoleCheck
{
    /// <summary>A role no ready, active node carries, and the processes (and attached addons pinned to it) that need it.</summary>
    public sealed record MissingRole(string Role, IReadOnlyList<string> Processes)
    {
        public IReadOnlyList<string> Addons { get; init; } = Array.Empty<string>();
    }

    public static IReadOnlyList<MissingRole> Missing(AppDefinition app, IReadOnlyList<SwarmNode> nodes) =>
        Placement.RolesNeeded(app)
            .Where(role => !nodes.Any(n => n.CanRunTasks && n.HasRole(role)))
            .Select(role => new MissingRole(role, app.Processes.Where(p => Placement.RoleOf(app, p) == role).Select(p => p.Name).ToList())
            {
                Addons = Placement.PinnedAddons(app).Where(a => a.Vm == role).Select(a => a.Name).ToList(),
            })
            .ToList();

    /// <summary>Throws SD7101 for the first missing role, naming the roles the live nodes do have.</summary>
    public static void Ensure(AppDefinition app, IReadOnlyList<SwarmNode> nodes, string targetDisplay)
    {
        var missing = Missing(app, nodes);
        if (missing.Count == 0) return;
        var first = missing[0];
        var present = nodes.Where(n => n.CanRunTasks).SelectMany(n => n.Roles).Distinct(StringComparer.Ordinal).OrderBy(r => r, StringComparer.Ordinal).ToList();
        var needs = new[] { Named("process", "processes", first.Processes), Named("addon", "addons", first.Addons) }.Where(n => n.Length > 0);
        throw DeployErrors.Create(nameof(Strings.RoleHasNoNode), $"{app.App}'s {string.Join(" and ", needs)}", first.Role, targetDisplay,
            present.Count == 0 ? "none" : string.Join(", ", present));
    }

    private static string Named(string one, string several, IReadOnlyList<string> names) => names.Count switch
    {
        0 => string.Empty,
        1 => $"{one} '{names[0]}'",
        _ => $"{several} {string.Join(", ", names.Select(n => $"'{n}'"))}",
    };

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
