using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using SuperDeploy.Deploy.Commands;
using SuperDeploy.Deploy.Nodes;
using SuperDeploy.Generators;
using SuperDeploy.Model;
using SuperDeploy.Resources;

namespace SuperDeploy.Deploy;

/// <summary>
/// The deliberate path for a changed addon declaration, which a deploy leaves alone (SD3052): shows what changes, refuses
/// a postgres major-version change (its data directory needs a dump and restore) and anything unconfirmed, then deploys
/// that addon's stack only (stop-first, same volume, same secrets: credentials are never regenerated) and waits until
/// its new task is healthy.
/// </summary>
public sealed class AddonApply
{
    private readonly Target _target;

    public AddonApply(Target target) => _target = target;

    /// <summary>A multi-node swarm (SuperDeployNode items): the addon's Vm places it, as in the deploy.</summary>
    public bool NodesDeclared { get; init; }

    /// <summary>One setting the running addon has and its declaration changes: `memory: 256M -> 320M`.</summary>
    public sealed record Change(string Key, string Running, string Declared)
    {
        public override string ToString() => $"{Key}: {Running} -> {Declared}";
    }

    /// <summary>The declared addon of that name (any type), or SD3065.</summary>
    public static AddonDefinition Find(AppDefinition app, string? name) =>
        DeclaredAddon.Find(app, name, nameof(Strings.AddonApplyInvalid), DeclaredAddon.All(app));

    /// <summary>The settings that differ between the running addon and its declaration, in a stable order.</summary>
    public static IReadOnlyList<Change> Changes(RunningAddon running, AddonDefinition addon, bool nodesDeclared)
    {
        var changes = new List<Change>();
        void Compare(string key, string was, string now)
        {
            if (was != now) changes.Add(new Change(key, was, now));
        }

        Compare("image", ServiceState.WithoutDigest(running.Image), addon.Image);
        Compare("memory", running.MemoryBytes is { } memory ? ResourceFormat.Memory(memory) : "none", ResourceFormat.Memory(addon.MemoryBytes));
        Compare("cpus", running.NanoCpus is { } nano ? ResourceFormat.Cpu(nano / 1e9) : "none", addon.Cpu is { } cpu ? ResourceFormat.Cpu(cpu) : "none");
        Compare("published port", Join(running.PublishedPorts.Select(p => p.ToString(CultureInfo.InvariantCulture))),
            addon.PublishPort is { } port ? port.ToString(CultureInfo.InvariantCulture) : "none");
        Compare("placement", Join(running.Constraints), Join(StackPlacement.AddonConstraints(addon, nodesDeclared)));
        return changes;
    }

    /// <summary>
    /// The postgres majors of the running and the declared image tags, when both have one and they differ (the
    /// declared image's tag, not Version, since Image may override it); null otherwise.
    /// </summary>
    public static (int Running, int Declared)? PostgresMajorChange(RunningAddon running, AddonDefinition addon)
    {
        if (addon.Type != AddonType.Postgres) return null;
        var was = AddonTypes.PostgresMajor(ServiceState.TagOf(running.Image));
        var now = AddonTypes.PostgresMajor(ServiceState.TagOf(addon.Image)) ?? AddonTypes.PostgresMajor(addon.Version);
        return was is { } w && now is { } n && w != n ? (w, n) : null;
    }

    /// <summary>
    /// Whether a node meets placement constraints as the addon stack writes them (`node.role == manager`,
    /// `node.labels.superdeploy.role.db == true`); any other form counts as not met.
    /// </summary>
    public static bool Satisfies(SwarmNode node, IEnumerable<string> constraints)
    {
        foreach (var constraint in constraints)
        {
            var negated = constraint.Contains("!=");
            var parts = constraint.Split(new[] { negated ? "!=" : "==" }, StringSplitOptions.None);
            if (parts.Length != 2) return false;
            var key = parts[0].Trim();
            var value = parts[1].Trim();
            string? actual;
            if (key == "node.role") actual = node.Role;
            else if (key == "node.hostname") actual = node.Hostname;
            else if (key.StartsWith("node.labels.", StringComparison.Ordinal))
                actual = node.Labels.TryGetValue(key.Substring("node.labels.".Length), out var label) ? label : null;
            else return false;
            if ((actual == value) == negated) return false;
        }
        return true;
    }

    /// <returns>The step's line: `addon caches.main unchanged (nothing to apply)` or `addon caches.main applied: ...`.</returns>
    public async Task<string> ApplyAsync(AddonDefinition addon, bool confirmed, TimeSpan timeout)
    {
        var inspect = await _target.TryAsync(AddonCommands.Running(addon)).ConfigureAwait(false);
        if (!inspect.Succeeded)
            throw DeployErrors.Create(nameof(Strings.AddonApplyInvalid), addon.Name,
                $"it is not deployed on {_target.Runner.TargetDisplay} (no service {addon.SwarmServiceName}); the first deploy of an app that attaches it creates it",
                addon.Name);
        var running = RunningAddon.Parse(inspect.Stdout);
        var wanted = AddonStackGenerator.SpecHash(addon, NodesDeclared);
        if (running.SpecHash == wanted) return $"addon {addon.Name} unchanged: the running service is its declaration, nothing to apply";

        var changes = Changes(running, addon, NodesDeclared);
        _target.Output.Line($"  addon {addon.Name} ({addon.SwarmServiceName}) differs from its declaration: spec {Short(running.SpecHash)} -> {Short(wanted)}");
        foreach (var change in changes) _target.Output.Line("    " + change);
        if (changes.Count == 0) _target.Output.Line("    image, limits, ports and placement are the same; other settings of the generated stack changed");
        var yaml = AddonStackGenerator.Generate(addon, NodesDeclared);
        _target.Output.Detail("  the declared stack:");
        foreach (var line in yaml.TrimEnd('\n').Split('\n')) _target.Output.Detail("    " + line);

        if (PostgresMajorChange(running, addon) is { } major)
            throw DeployErrors.Create(nameof(Strings.AddonApplyPostgresMajor), addon.Name, major.Running, ServiceState.WithoutDigest(running.Image),
                major.Declared, addon.Image);
        var service = new[] { addon.SwarmServiceName };
        var runningTasks = TaskState.ParseAll(await _target.RunAsync(ServiceCommands.RunningTasks(service)).ConfigureAwait(false));
        var placement = StackPlacement.AddonConstraints(addon, NodesDeclared);
        if (!running.Constraints.SequenceEqual(placement)) await CheckVolumeStaysAsync(addon, runningTasks, placement).ConfigureAwait(false);
        if (!confirmed) throw DeployErrors.Create(nameof(Strings.AddonApplyNotConfirmed), addon.Name, addon.SwarmServiceName);

        var before = ServiceState.ParseAll(await _target.RunAsync(ServiceCommands.Inspect(service)).ConfigureAwait(false)).ToDictionary(s => s.Name);
        var oldTasks = runningTasks.Select(t => t.Id).ToArray();
        var specBefore = await _target.RunAsync(AddonCommands.TaskSpec(addon)).ConfigureAwait(false);

        var swarm = new SwarmSetup(_target);
        await swarm.ReadClientVersionAsync().ConfigureAwait(false);
        await _target.RunAsync(AddonCommands.Deploy(addon, yaml, swarm.StackDeployHasDetachFlag)).ConfigureAwait(false);

        var what = changes.Count == 0 ? "its new declaration" : string.Join(", ", changes);
        if (await _target.RunAsync(AddonCommands.TaskSpec(addon)).ConfigureAwait(false) == specBefore)
            return $"addon {addon.Name} applied: labels only, not restarted";

        // Swarm starts replacing the task a moment after the update is accepted: until then the old one still looks converged.
        await WaitReplacedAsync(addon, oldTasks, timeout).ConfigureAwait(false);
        await new ConvergenceWaiter(_target).WaitAsync(service, addon.Image, before, timeout).ConfigureAwait(false);
        return $"addon {addon.Name} applied: restarted with {what}, healthy";
    }

    /// <summary>
    /// The volume is local to the node the addon runs on: a placement that excludes that node would start the addon
    /// elsewhere on an empty volume (SD3068). Checked against the node of its running task.
    /// </summary>
    private async Task CheckVolumeStaysAsync(AddonDefinition addon, IReadOnlyList<TaskState> tasks, IReadOnlyList<string> placement)
    {
        var wanted = string.Join(" and ", placement);
        var nodeName = tasks.Select(t => t.Node).FirstOrDefault(n => n.Length > 0)
            ?? throw DeployErrors.Create(nameof(Strings.AddonApplyMovesVolume), addon.Name, wanted, "it has no running task, so the node holding its volume is unknown");
        var node = SwarmNode.ParseAll(await _target.RunAsync(SwarmNodeCommands.InspectNodes(new[] { nodeName })).ConfigureAwait(false)).FirstOrDefault()
            ?? throw DeployErrors.Create(nameof(Strings.AddonApplyMovesVolume), addon.Name, wanted, $"its node {nodeName} cannot be inspected");
        if (!Satisfies(node, placement))
            throw DeployErrors.Create(nameof(Strings.AddonApplyMovesVolume), addon.Name, wanted, $"its volume {addon.VolumeName} is on node {node.Hostname}, which that placement excludes");
    }

    private async Task WaitReplacedAsync(AddonDefinition addon, IReadOnlyCollection<string> oldTasks, TimeSpan timeout)
    {
        var deadline = _target.Clock.UtcNow + timeout;
        while (true)
        {
            var tasks = TaskState.ParseAll(await _target.RunAsync(ServiceCommands.RunningTasks(new[] { addon.SwarmServiceName })).ConfigureAwait(false));
            if (!tasks.Any(t => oldTasks.Contains(t.Id))) return;
            if (_target.Clock.UtcNow >= deadline)
                throw DeployErrors.Create(nameof(Strings.DeployTimedOut), addon.SwarmServiceName,
                    ((int)timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture));
            await _target.Delay(ConvergenceWaiter.PollInterval).ConfigureAwait(false);
        }
    }

    private static string Join(IEnumerable<string> values)
    {
        var text = string.Join(" ", values);
        return text.Length == 0 ? "none" : text;
    }

    /// <summary>The first 12 hex digits (enough to tell two specs apart in a line); a missing label reads `none`.</summary>
    private static string Short(string hash)
    {
        if (hash.Length == 0) return "none";
        var hex = hash.Substring(hash.IndexOf(':') + 1);
        return hex.Length > 12 ? hex.Substring(0, 12) : hex;
    }
}
