using SuperDeploy.Deploy;
using SuperDeploy.Deploy.Commands;
using SuperDeploy.Deploy.Execution;
using SuperDeploy.Deploy.Nodes;
using SuperDeploy.Model;

namespace SuperDeploy.Tests.Unit.Nodes;

/// <summary>
/// A small model of Docker Swarm behind SSH targets: each machine has an engine that answers `docker info`, joins,
/// leaves; the swarm keeps node entries (role, availability, state, labels, tasks) and answers the manager-side
/// commands. Every command is recorded with the target it ran on.
/// </summary>
internal sealed class FakeSwarm : INodeConnector
{
    public sealed class Machine(string target, string hostname, string address)
    {
        public string Target { get; } = target;
        public string Hostname { get; } = hostname;
        public string Address { get; } = address;
        public string NodeId { get; set; } = "";
        public string State { get; set; } = "inactive";
        public bool Reachable { get; set; } = true;
    }

    public sealed class Entry
    {
        public required string Id { get; init; }
        public required string Hostname { get; init; }
        public required string Address { get; init; }
        public string Role { get; set; } = "worker";
        public string Availability { get; set; } = "active";
        public string State { get; set; } = "ready";
        public SortedDictionary<string, string> Labels { get; } = new(StringComparer.Ordinal);
        public List<(string Desired, string Current)> Tasks { get; } = [];
        /// <summary>How many `node ps` reads after a drain before the tasks show as moved.</summary>
        public int DrainReadsLeft { get; set; } = 2;
    }

    // Unique across instances: two fake swarms never hand out the same node id.
    private static int _nextId;

    public Dictionary<string, Machine> Machines { get; } = new(StringComparer.Ordinal);
    public List<Entry> Entries { get; } = [];
    public List<(string Target, Command Command)> Log { get; } = [];

    /// <summary>Foreign swarm entries: node ids some machine holds that this swarm does not know.</summary>
    public FakeSwarm Add(string target, string hostname)
    {
        Machines[target] = new Machine(target, hostname, target.Split('@').Last());
        return this;
    }

    public Machine this[string target] => Machines[target];

    public Entry EntryOf(string target) => Entries.Single(e => e.Id == Machines[target].NodeId);

    public ICommandRunner For(NodeDefinition node) => new Runner(this, node.Target);

    public ICommandRunner ForTarget(string target) => new Runner(this, target);

    private static readonly string[] Mutating = ["init", "join", "update", "promote", "demote", "leave", "rm"];

    /// <summary>Commands that changed something (everything but reads).</summary>
    public IEnumerable<string> Changes => Log.Where(l => l.Command.Argv.Count > 2 && Mutating.Contains(l.Command.Argv[2])).Select(Describe);

    public static string Describe((string Target, Command Command) entry) => $"{entry.Target}: {entry.Command.Display}";

    private sealed class Runner(FakeSwarm swarm, string target) : ICommandRunner
    {
        public bool IsLocal => false;

        public string TargetDisplay => target;

        public Task<CommandResult> RunAsync(Command command, Action<string>? onLine, CancellationToken cancellationToken)
        {
            var machine = swarm.Machines.GetValueOrDefault(target);
            if (machine is null || !machine.Reachable)
                throw new DeployException(SuperDeploy.Validation.ErrorCodes.SshConnectionFailed, $"Could not connect to {target} over SSH: Connection refused");
            swarm.Log.Add((target, command));
            return Task.FromResult(swarm.Respond(machine, command.Argv.Skip(1).ToArray()));
        }
    }

    private Entry? Manager(Machine machine) =>
        machine.State == "active" ? Entries.SingleOrDefault(e => e.Id == machine.NodeId && e.Role == "manager") : null;

    private CommandResult Respond(Machine machine, string[] a)
    {
        switch (a)
        {
            case ["info", "--format", _]:
                var manager = Manager(machine) is not null ? "true" : "false";
                return CommandResult.Ok($"{machine.NodeId} {machine.State} {manager} {machine.Hostname}\n");
            case ["swarm", "init", "--advertise-addr", var address]:
                if (machine.State != "inactive") return CommandResult.Fail(1, "Error response from daemon: This node is already part of a swarm.");
                Join(machine, "manager", address);
                return CommandResult.Ok("Swarm initialized\n");
            case ["swarm", "join-token", "--quiet", var role]:
                return Manager(machine) is null ? NotManager() : CommandResult.Ok($"SWMTKN-{role}\n");
            case ["swarm", "join", "--token", var token, "--advertise-addr", var address, _]:
                if (machine.State != "inactive") return CommandResult.Fail(1, "Error response from daemon: This node is already part of a swarm.");
                Join(machine, token == "SWMTKN-manager" ? "manager" : "worker", address);
                return CommandResult.Ok("This node joined a swarm.\n");
            case ["swarm", "leave"]:
                if (machine.State != "active") return CommandResult.Fail(1, "Error response from daemon: This node is not part of a swarm");
                var entry = Entries.Single(e => e.Id == machine.NodeId);
                if (entry.Role == "manager") return CommandResult.Fail(1, "Error response from daemon: You are attempting to leave the swarm on a node that is participating as a manager.");
                entry.State = "down";
                machine.State = "inactive";
                machine.NodeId = "";
                return CommandResult.Ok("Node left the swarm.\n");
        }

        if (Manager(machine) is null) return NotManager();
        switch (a)
        {
            case ["node", "ls", "--format", "{{.ID}}"]:
                return CommandResult.Ok(string.Concat(Entries.Select(e => e.Id + "\n")));
            case ["node", "inspect", "--format", var format, .. var ids]:
                var lines = ids.Select(id => Entries.Single(e => e.Id == id)).Select(e => format.StartsWith("{{json", StringComparison.Ordinal)
                    ? LabelsJson(e)
                    : $"{e.Id}\t{e.Hostname}\t{e.Role}\t{e.Availability}\t{e.State}\t{e.Address}\t{LabelsJson(e)}");
                return CommandResult.Ok(string.Concat(lines.Select(l => l + "\n")));
            case ["node", "update", "--availability", "drain", var id]:
                var drained = Entries.Single(e => e.Id == id);
                drained.Availability = "drain";
                return CommandResult.Ok(id + "\n");
            case ["node", "update", .. var rest]:
                var updated = Entries.Single(e => e.Id == rest[^1]);
                for (var i = 0; i < rest.Length - 1; i += 2)
                {
                    if (rest[i] == "--label-add") { var kv = rest[i + 1].Split('=', 2); updated.Labels[kv[0]] = kv[1]; }
                    else if (rest[i] == "--label-rm") updated.Labels.Remove(rest[i + 1]);
                    else throw new InvalidOperationException("unexpected flag " + rest[i]);
                }
                return CommandResult.Ok(updated.Id + "\n");
            case ["node", "promote", var id]:
                Entries.Single(e => e.Id == id).Role = "manager";
                return CommandResult.Ok();
            case ["node", "demote", var id]:
                Entries.Single(e => e.Id == id).Role = "worker";
                return CommandResult.Ok();
            case ["node", "ps", "--format", _, var id]:
                var node = Entries.Single(e => e.Id == id);
                if (node.Availability == "drain" && node.DrainReadsLeft-- <= 0)
                    for (var i = 0; i < node.Tasks.Count; i++) node.Tasks[i] = ("Shutdown", "Shutdown 1 second ago");
                else if (node.Availability == "drain")
                    for (var i = 0; i < node.Tasks.Count; i++) node.Tasks[i] = ("Shutdown", node.Tasks[i].Current);
                return CommandResult.Ok(string.Concat(node.Tasks.Select(t => $"{t.Desired}\t{t.Current}\n")));
            case ["node", "rm", "--force", var id]:
                Entries.RemoveAll(e => e.Id == id);
                return CommandResult.Ok(id + "\n");
        }

        throw new InvalidOperationException("FakeSwarm does not know: docker " + string.Join(' ', a));
    }

    private void Join(Machine machine, string role, string address)
    {
        var id = $"node{Interlocked.Increment(ref _nextId):D4}xxxxxxxxxxxxxxxxxxx";
        Entries.Add(new Entry { Id = id, Hostname = machine.Hostname, Address = address, Role = role });
        machine.NodeId = id;
        machine.State = "active";
    }

    private static CommandResult NotManager() =>
        CommandResult.Fail(1, "Error response from daemon: This node is not a swarm manager.");

    private static string LabelsJson(Entry e) =>
        e.Labels.Count == 0 ? "{}" : "{" + string.Join(",", e.Labels.Select(l => $"\"{l.Key}\":\"{l.Value}\"")) + "}";
}

internal sealed class RecordingOutput : IDeployOutput
{
    public List<string> Lines { get; } = [];
    public List<string> Warnings { get; } = [];

    public void Line(string text) => Lines.Add(text);

    public void Detail(string text) { }

    public void Warning(string text) => Warnings.Add(text);
}

internal sealed class FakeClock : IDeployClock
{
    public DateTimeOffset UtcNow { get; private set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        UtcNow += delay;
        return Task.CompletedTask;
    }
}
