using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SuperDeploy.Deploy.Commands;
using SuperDeploy.Deploy.Execution;
using SuperDeploy.Model;
using SuperDeploy.Resources;

namespace SuperDeploy.Deploy.Nodes;

/// <summary>
/// SuperDeployUp: brings the declared nodes into one swarm and keeps it as declared. In order: ask each node where it
/// stands; initialise the swarm on the first manager (only when no declared node is in a swarm yet); join the others
/// with the manager or worker token; promote or demote to the declared Swarm role; set one label per role; forget
/// stale entries of nodes that rejoined; drain, then remove, nodes SuperDeploy joined that are no longer declared.
/// Reports one line per node or action; a rerun on an unchanged declaration only reads, and says so.
/// </summary>
public sealed class NodesUp
{
    private readonly INodeConnector _connector;
    private readonly IDeployOutput _output;
    private readonly IDeployClock _clock;
    private readonly UpSettings _settings;
    private readonly CancellationToken _cancellationToken;

    public NodesUp(INodeConnector connector, IDeployOutput output, IDeployClock clock, UpSettings settings, CancellationToken cancellationToken)
    {
        _connector = connector;
        _output = output;
        _clock = clock;
        _settings = settings;
        _cancellationToken = cancellationToken;
    }

    public async Task<UpResult> RunAsync(IReadOnlyList<NodeDefinition> nodes)
    {
        if (nodes.Count == 0) throw new ArgumentException("No nodes declared.", nameof(nodes));
        _output.Line($"Bringing {nodes.Count} {(nodes.Count == 1 ? "node" : "nodes")} into one swarm");

        var members = new List<Member>();
        foreach (var node in nodes)
        {
            var runner = _connector.For(node);
            members.Add(new Member(node, runner, await ProbeAsync(node, runner, node.Host).ConfigureAwait(false)));
        }

        var primary = ChoosePrimary(members);
        var changed = false;
        if (primary is null)
        {
            primary = members.First(m => m.Node.IsManager);
            await RunAsync(primary, SwarmNodeCommands.Init(primary.Node.Address)).ConfigureAwait(false);
            primary.State = await ProbeAsync(primary.Node, primary.Runner, primary.Name).ConfigureAwait(false);
            primary.Outcome = Outcome.Initialised;
            changed = true;
        }

        var swarm = await ReadSwarmAsync(primary).ConfigureAwait(false);
        changed |= await JoinAsync(members, primary, swarm).ConfigureAwait(false);
        if (changed) swarm = await ReadSwarmAsync(primary).ConfigureAwait(false);

        foreach (var member in members)
            changed |= await ReconcileAsync(member, primary, swarm).ConfigureAwait(false);

        var currentIds = new HashSet<string>(members.Select(m => m.State.NodeId), StringComparer.Ordinal);
        var declaredTargets = new HashSet<string>(nodes.Select(n => n.Target), StringComparer.Ordinal);
        foreach (var node in swarm.Where(n => !currentIds.Contains(n.Id)).ToList())
        {
            if (node.Target is { } target && declaredTargets.Contains(target))
                changed |= await ForgetStaleAsync(node, members.First(m => m.Node.Target == target), primary).ConfigureAwait(false);
            else if (node.Target is not null)
                changed |= await RemoveAsync(node, primary).ConfigureAwait(false);
            else
                _output.Warning($"{node.Hostname} ({node.Id}) is in the swarm but not declared, and SuperDeploy did not join it: left alone.");
        }

        if (changed) swarm = await ReadSwarmAsync(primary).ConfigureAwait(false);
        _output.Line(Summary(primary, swarm));
        return new UpResult(changed, members.ToDictionary(m => m.Node.Target, m => m.State.NodeId, StringComparer.Ordinal), swarm);
    }

    /// <summary>The first declared node that manages a swarm, declared managers first; null when no declared node is a manager yet.</summary>
    private static Member? ChoosePrimary(IReadOnlyList<Member> members)
    {
        var managing = members.Where(m => m.State.IsActive && m.State.IsManager).ToList();
        var primary = managing.FirstOrDefault(m => m.Node.IsManager) ?? managing.FirstOrDefault();
        if (primary is null && members.Any(m => m.State.IsActive))
            throw DeployErrors.Create(nameof(Strings.NoManagerInSwarm), string.Join(", ", members.Where(m => m.Node.IsManager).Select(m => m.Node.Target)));
        return primary;
    }

    private async Task<bool> JoinAsync(IReadOnlyList<Member> members, Member primary, IReadOnlyList<SwarmNode> swarm)
    {
        var tokens = new Dictionary<bool, string>();
        var joined = false;
        foreach (var member in members.Where(m => m != primary))
        {
            if (member.State.IsActive)
            {
                if (swarm.Any(n => n.Id == member.State.NodeId)) continue;
                throw DeployErrors.Create(nameof(Strings.NodeInOtherSwarm), member.Name, member.State.NodeId, member.State.State, primary.Name);
            }

            if (!tokens.TryGetValue(member.Node.IsManager, out var token))
            {
                token = (await RunAsync(primary, SwarmNodeCommands.JoinToken(member.Node.IsManager)).ConfigureAwait(false)).Trim();
                tokens[member.Node.IsManager] = token;
            }

            await RunAsync(member, SwarmNodeCommands.Join(token, member.Node.Address, primary.Node.Address)).ConfigureAwait(false);
            member.State = await ProbeAsync(member.Node, member.Runner, member.Name).ConfigureAwait(false);
            member.Outcome = Outcome.Joined;
            joined = true;
        }

        return joined;
    }

    /// <summary>The node's Swarm role and role labels as declared; one line about it.</summary>
    private async Task<bool> ReconcileAsync(Member member, Member primary, IReadOnlyList<SwarmNode> swarm)
    {
        var node = swarm.FirstOrDefault(n => n.Id == member.State.NodeId)
            ?? throw DeployErrors.Create(nameof(Strings.NodeStateUnexpected), member.Name, member.State.State,
                $"Its node id {member.State.NodeId} is not in `docker node ls` on {primary.Name}.");
        var changes = new List<string>();

        if (member.Node.IsManager && !node.IsManager)
        {
            await RunAsync(primary, SwarmNodeCommands.Promote(node.Id)).ConfigureAwait(false);
            changes.Add("promoted to manager");
        }
        else if (!member.Node.IsManager && node.IsManager && member != primary)
        {
            await RunAsync(primary, SwarmNodeCommands.Demote(node.Id)).ConfigureAwait(false);
            changes.Add("demoted to worker");
        }
        else if (!member.Node.IsManager && node.IsManager)
        {
            _output.Warning($"{member.Name} is declared a worker but is the manager SuperDeploy works through; it stays a manager.");
        }

        var desired = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var role in member.Node.Roles) desired[NodeLabels.Role(role)] = NodeLabels.RoleValue;
        desired[NodeLabels.Target] = member.Node.Target;
        var add = desired.Where(l => !node.Labels.TryGetValue(l.Key, out var value) || value != l.Value).ToList();
        var remove = node.Labels.Keys
            .Where(key => key.StartsWith(NodeLabels.RolePrefix, StringComparison.Ordinal) && !desired.ContainsKey(key))
            .OrderBy(key => key, StringComparer.Ordinal)
            .ToList();
        if (add.Count > 0 || remove.Count > 0)
        {
            await RunAsync(primary, SwarmNodeCommands.UpdateLabels(node.Id, add, remove)).ConfigureAwait(false);
            if (member.Outcome == Outcome.Present)
            {
                var roleChanges = add.Where(l => l.Key.StartsWith(NodeLabels.RolePrefix, StringComparison.Ordinal))
                    .Select(l => "+" + l.Key.Substring(NodeLabels.RolePrefix.Length))
                    .Concat(remove.Select(key => "-" + key.Substring(NodeLabels.RolePrefix.Length)))
                    .ToList();
                changes.Add(roleChanges.Count > 0 ? $"roles updated ({string.Join(", ", roleChanges)})" : "labels updated");
            }
        }

        var swarmRole = member.Node.IsManager || (node.IsManager && member == primary) ? "manager" : "worker";
        var roles = RolesText(member.Node.Roles);
        switch (member.Outcome)
        {
            case Outcome.Initialised:
                _output.Line($"  \u2713 {member.Name} initialised the swarm as its manager ({roles})");
                return true;
            case Outcome.Joined:
                _output.Line($"  \u2713 {member.Name} joined as {swarmRole} ({roles})");
                return true;
            default:
                if (changes.Count == 0)
                {
                    _output.Line($"  = {member.Name} already in the swarm, labels current");
                    return false;
                }

                _output.Line($"  \u2713 {member.Name} already in the swarm; {string.Join("; ", changes)} ({roles})");
                return true;
        }
    }

    /// <summary>An old entry of a declared node that left and joined again: down, and never coming back under that id.</summary>
    private async Task<bool> ForgetStaleAsync(SwarmNode stale, Member current, Member primary)
    {
        if (!stale.IsDown)
        {
            _output.Warning($"{stale.Hostname} ({stale.Id}) carries the label {NodeLabels.Target}={current.Node.Target} of {current.Name} ({current.State.NodeId}) but is {stale.State}: left alone.");
            return false;
        }

        await RunAsync(primary, SwarmNodeCommands.Remove(stale.Id)).ConfigureAwait(false);
        _output.Line($"  \u2713 {current.Name}: removed its stale swarm entry {Short(stale.Id)} (it is now {Short(current.State.NodeId)})");
        return true;
    }

    /// <summary>A node SuperDeploy joined that is no longer declared: drain, wait until its tasks moved, leave, forget.</summary>
    private async Task<bool> RemoveAsync(SwarmNode node, Member primary)
    {
        var name = $"{node.Hostname} ({node.Target})";
        if (node.Availability != "drain") await RunAsync(primary, SwarmNodeCommands.Drain(node.Id)).ConfigureAwait(false);
        var deadline = _clock.UtcNow + _settings.DrainTimeout;
        while (true)
        {
            var remaining = DrainProgress.Remaining(await RunAsync(primary, SwarmNodeCommands.TasksOnNode(node.Id)).ConfigureAwait(false), node.IsDown);
            if (remaining == 0) break;
            if (_clock.UtcNow >= deadline)
                throw DeployErrors.Create(nameof(Strings.NodeDrainTimedOut), name, remaining, (int)_settings.DrainTimeout.TotalSeconds, node.Id);
            await _clock.Delay(_settings.PollInterval, _cancellationToken).ConfigureAwait(false);
        }

        if (node.IsManager) await RunAsync(primary, SwarmNodeCommands.Demote(node.Id)).ConfigureAwait(false);

        var left = "left the swarm";
        try
        {
            var leave = await _connector.ForTarget(node.Target!).RunAsync(SwarmNodeCommands.Leave(), null, _cancellationToken).ConfigureAwait(false);
            if (!leave.Succeeded) left = "could not leave by itself (" + FirstLine(leave.Stderr) + ")";
        }
        catch (DeployException e)
        {
            left = "unreachable (" + FirstLine(e.Message) + ")";
        }

        await RunAsync(primary, SwarmNodeCommands.Remove(node.Id)).ConfigureAwait(false);
        _output.Line($"  \u2713 {name} is no longer declared: drained, {left}, removed");
        return true;
    }

    private async Task<NodeLocalState> ProbeAsync(NodeDefinition node, ICommandRunner runner, string name)
    {
        var command = SwarmNodeCommands.LocalState();
        _output.Detail($"  [{name}] $ {command.Display}");
        var result = await runner.RunAsync(command, null, _cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
            throw DeployErrors.Create(nameof(Strings.DockerCommandFailed), command.Display, node.Display, result.ExitCode, FirstLine(result.Stderr));
        var state = NodeLocalState.Parse(result.Stdout)
            ?? throw DeployErrors.Create(nameof(Strings.DockerCommandFailed), command.Display, node.Display, 0, "unexpected output: " + result.Stdout.Trim());
        if (!state.IsActive && !state.IsInactive)
            throw DeployErrors.Create(nameof(Strings.NodeStateUnexpected), node.Display, state.State,
                state.State == "pending" ? "It is still joining a swarm; wait and run SuperDeployUp again." : "Repair its engine (`docker swarm leave --force` if it is not needed) and run SuperDeployUp again.");
        return state;
    }

    private async Task<IReadOnlyList<SwarmNode>> ReadSwarmAsync(Member primary)
    {
        var ids = (await RunAsync(primary, SwarmNodeCommands.ListNodeIds()).ConfigureAwait(false))
            .Split('\n').Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();
        return ids.Length == 0 ? Array.Empty<SwarmNode>() : SwarmNode.ParseAll(await RunAsync(primary, SwarmNodeCommands.InspectNodes(ids)).ConfigureAwait(false));
    }

    private async Task<string> RunAsync(Member member, Command command)
    {
        _output.Detail($"  [{member.Name}] $ {command.Display}");
        var result = await member.Runner.RunAsync(command, null, _cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
            throw DeployErrors.Create(nameof(Strings.DockerCommandFailed), command.Display, member.Node.Display, result.ExitCode,
                FirstLine(result.Stderr.Length > 0 ? result.Stderr : result.Stdout));
        return result.Stdout;
    }

    private static string Summary(Member primary, IReadOnlyList<SwarmNode> swarm)
    {
        var managers = swarm.Count(n => n.IsManager);
        var roles = swarm.SelectMany(n => n.Roles.Select(r => (Role: r, Node: n.Hostname)))
            .GroupBy(x => x.Role, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} ({string.Join(", ", g.Select(x => x.Node).OrderBy(n => n, StringComparer.Ordinal))})");
        return $"Swarm managed from {primary.Name}: {swarm.Count} {(swarm.Count == 1 ? "node" : "nodes")}, {managers} {(managers == 1 ? "manager" : "managers")}; roles: {string.Join(", ", roles)}";
    }

    private static string RolesText(IReadOnlyList<string> roles) => roles.Count switch
    {
        0 => "no roles",
        1 => "role " + roles[0],
        _ => "roles " + string.Join(", ", roles),
    };

    private static string Short(string id) => id.Length > 12 ? id.Substring(0, 12) : id;

    private static string FirstLine(string text)
    {
        var trimmed = text.Trim();
        var newline = trimmed.IndexOf('\n');
        return newline < 0 ? trimmed : trimmed.Substring(0, newline).TrimEnd('\r');
    }

    private enum Outcome
    {
        Present,
        Initialised,
        Joined,
    }

    private sealed class Member
    {
        public Member(NodeDefinition node, ICommandRunner runner, NodeLocalState state)
        {
            Node = node;
            Runner = runner;
            State = state;
        }

        public NodeDefinition Node { get; }
        public ICommandRunner Runner { get; }
        public NodeLocalState State { get; set; }
        public Outcome Outcome { get; set; }

        /// <summary>The engine's host name (what `docker node ls` shows), else the target's host.</summary>
        public string Name => State.Name.Length > 0 ? State.Name : Node.Host;
    }
}

/// <summary>What SuperDeployUp did: whether anything changed, each declared target's node id, and the swarm afterwards.</summary>
public sealed record UpResult(bool Changed, IReadOnlyDictionary<string, string> NodeIds, IReadOnlyList<SwarmNode> Swarm);
