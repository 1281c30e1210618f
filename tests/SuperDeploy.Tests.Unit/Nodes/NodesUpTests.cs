using SuperDeploy.Deploy;
using SuperDeploy.Deploy.Commands;
using SuperDeploy.Deploy.Nodes;
using SuperDeploy.Model;
using SuperDeploy.Validation;

namespace SuperDeploy.Tests.Unit.Nodes;

public class NodesUpTests
{
    private const string Vm1 = "root@10.88.0.11";
    private const string Vm2 = "root@10.88.0.12";
    private const string Vm3 = "root@10.88.0.13";

    private readonly FakeSwarm _swarm = new FakeSwarm().Add(Vm1, "vm1").Add(Vm2, "vm2").Add(Vm3, "vm3");
    private readonly RecordingOutput _output = new();
    private readonly FakeClock _clock = new();

    private static IReadOnlyList<NodeDefinition> Declare(params (string Target, string Role)[] nodes)
    {
        var result = NodeRules.Read(nodes.Select(n => NodeRulesTests.Node(n.Target, "Role=" + n.Role)).ToList());
        Assert.False(result.HasErrors);
        return result.Nodes;
    }

    private static IReadOnlyList<NodeDefinition> ThreeNodes => Declare((Vm1, "manager;edge"), (Vm2, "app"), (Vm3, "app;worker"));

    private Task<UpResult> Up(IReadOnlyList<NodeDefinition> nodes, UpSettings? settings = null) =>
        new NodesUp(_swarm, _output, _clock, settings ?? UpSettings.Default, CancellationToken.None).RunAsync(nodes);

    private Dictionary<string, string> RoleLabels(string target) =>
        _swarm.EntryOf(target).Labels.Where(l => l.Key.StartsWith("superdeploy.role.", StringComparison.Ordinal)).ToDictionary();

    [Fact]
    public async Task AFreshClusterIsInitialisedOnTheFirstManagerJoinedAndLabelled()
    {
        var result = await Up(ThreeNodes);

        Assert.True(result.Changed);
        Assert.Equal(
        [
            "Bringing 3 nodes into one swarm",
            "  \u2713 vm1 initialised the swarm as its manager (roles manager, edge)",
            "  \u2713 vm2 joined as worker (role app)",
            "  \u2713 vm3 joined as worker (roles app, worker)",
            "Swarm managed from vm1: 3 nodes, 1 manager; roles: app (vm2, vm3), edge (vm1), manager (vm1), worker (vm3)",
        ], _output.Lines);
        Assert.Equal(
        [
            $"{Vm1}: docker swarm init --advertise-addr 10.88.0.11",
            $"{Vm2}: docker swarm <arguments hidden>",
            $"{Vm3}: docker swarm <arguments hidden>",
            $"{Vm1}: docker node update --label-add superdeploy.node=root@10.88.0.11 --label-add superdeploy.role.edge=true --label-add superdeploy.role.manager=true {_swarm[Vm1].NodeId}",
            $"{Vm1}: docker node update --label-add superdeploy.node=root@10.88.0.12 --label-add superdeploy.role.app=true {_swarm[Vm2].NodeId}",
            $"{Vm1}: docker node update --label-add superdeploy.node=root@10.88.0.13 --label-add superdeploy.role.app=true --label-add superdeploy.role.worker=true {_swarm[Vm3].NodeId}",
        ], _swarm.Changes);
        var join = _swarm.Log.Single(l => l.Target == Vm2 && l.Command.Argv[2] == "join").Command;
        Assert.Equal(["docker", "swarm", "join", "--token", "SWMTKN-worker", "--advertise-addr", "10.88.0.12", "10.88.0.11:2377"], join.Argv);
        Assert.True(join.Sensitive);
        Assert.Equal(3, _swarm.Entries.Count);
        Assert.Equal(["manager", "worker", "worker"], _swarm.Entries.Select(e => e.Role));
        Assert.Equal(new Dictionary<string, string> { ["superdeploy.role.app"] = "true", ["superdeploy.role.worker"] = "true" }, RoleLabels(Vm3));
        Assert.Equal(_swarm[Vm2].NodeId, result.NodeIds[Vm2]);
    }

    [Fact]
    public async Task ARerunOnlyReadsAndSaysSo()
    {
        var first = await Up(ThreeNodes);
        _swarm.Log.Clear();
        _output.Lines.Clear();

        var second = await Up(ThreeNodes);

        Assert.False(second.Changed);
        Assert.Empty(_swarm.Changes);
        Assert.Equal(first.NodeIds, second.NodeIds);
        Assert.Equal(
        [
            "  = vm1 already in the swarm, labels current",
            "  = vm2 already in the swarm, labels current",
            "  = vm3 already in the swarm, labels current",
        ], _output.Lines.Skip(1).SkipLast(1));
        Assert.Equal(3, _swarm.Entries.Count);
    }

    [Fact]
    public async Task ChangedRolesAreRelabelledOneLabelPerRole()
    {
        await Up(ThreeNodes);
        _swarm.Log.Clear();
        _output.Lines.Clear();

        await Up(Declare((Vm1, "manager;edge"), (Vm2, "app;cache"), (Vm3, "worker")));

        Assert.Equal(
        [
            $"{Vm1}: docker node update --label-add superdeploy.role.cache=true {_swarm[Vm2].NodeId}",
            $"{Vm1}: docker node update --label-rm superdeploy.role.app {_swarm[Vm3].NodeId}",
        ], _swarm.Changes);
        Assert.Contains("  \u2713 vm2 already in the swarm; roles updated (+cache) (roles app, cache)", _output.Lines);
        Assert.Contains("  \u2713 vm3 already in the swarm; roles updated (-app) (role worker)", _output.Lines);
        Assert.Equal(new Dictionary<string, string> { ["superdeploy.role.worker"] = "true" }, RoleLabels(Vm3));
    }

    [Fact]
    public async Task LabelsSomeoneElseSetAreKept()
    {
        await Up(ThreeNodes);
        _swarm.EntryOf(Vm2).Labels["zone"] = "b";
        _swarm.Log.Clear();

        await Up(ThreeNodes);

        Assert.Empty(_swarm.Changes);
        Assert.Equal("b", _swarm.EntryOf(Vm2).Labels["zone"]);
    }

    [Fact]
    public async Task ARemovedNodeIsDrainedBeforeItLeavesAndIsRemoved()
    {
        await Up(ThreeNodes);
        var vm3 = _swarm.EntryOf(Vm3);
        vm3.Tasks.Add(("Running", "Running 2 minutes ago"));
        vm3.Tasks.Add(("Running", "Running 2 minutes ago"));
        var vm3Id = vm3.Id;
        _swarm.Log.Clear();
        _output.Lines.Clear();

        await Up(Declare((Vm1, "manager;edge"), (Vm2, "app")));

        Assert.Equal(
        [
            $"{Vm1}: docker node update --availability drain {vm3Id}",
            $"{Vm3}: docker swarm leave",
            $"{Vm1}: docker node rm --force {vm3Id}",
        ], _swarm.Changes);
        var drain = _swarm.Log.FindIndex(l => l.Command.Argv.Contains("drain"));
        var polls = _swarm.Log.Select((l, i) => (l, i)).Where(x => x.l.Command.Argv[2] == "ps").Select(x => x.i).ToList();
        var leave = _swarm.Log.FindIndex(l => l.Command.Argv[2] == "leave");
        Assert.True(polls.Count >= 2 && polls.All(i => i > drain && i < leave), "the tasks are waited for between drain and leave");
        Assert.Equal(["vm1", "vm2"], _swarm.Entries.Select(e => e.Hostname));
        Assert.Equal("inactive", _swarm[Vm3].State);
        Assert.Contains($"  \u2713 vm3 ({Vm3}) is no longer declared: drained, left the swarm, removed", _output.Lines);
        Assert.Equal(TimeSpan.FromSeconds(polls.Count - 1), _clock.UtcNow - new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task ADrainThatNeverFinishesStopsWithSD7103AndKeepsTheNode()
    {
        await Up(ThreeNodes);
        var vm3 = _swarm.EntryOf(Vm3);
        vm3.Tasks.Add(("Running", "Running 2 minutes ago"));
        vm3.DrainReadsLeft = int.MaxValue;

        var error = await Assert.ThrowsAsync<DeployException>(() =>
            Up(Declare((Vm1, "manager;edge"), (Vm2, "app")), new UpSettings(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1))));

        Assert.Equal(ErrorCodes.NodeDrainTimedOut, error.Code);
        Assert.Equal(3, _swarm.Entries.Count);
        Assert.DoesNotContain(_swarm.Log, l => l.Command.Argv[2] == "leave");
    }

    [Fact]
    public async Task AnUnreachableRemovedNodeIsStillForgottenAfterItsTasksMoved()
    {
        await Up(ThreeNodes);
        _swarm[Vm3].Reachable = false;
        _swarm.EntryOf(Vm3).State = "down";
        _swarm.EntryOf(Vm3).Tasks.Add(("Shutdown", "Running 5 minutes ago"));

        await Up(Declare((Vm1, "manager;edge"), (Vm2, "app")));

        Assert.Equal(2, _swarm.Entries.Count);
        Assert.Contains(_output.Lines, l => l.StartsWith("  \u2713 vm3 (root@10.88.0.13) is no longer declared: drained, unreachable (", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ANodeBackFromAnOutageIsNotJoinedTwice()
    {
        var first = await Up(ThreeNodes);
        _swarm.EntryOf(Vm2).State = "down";
        _swarm.EntryOf(Vm2).State = "ready";
        _swarm.Log.Clear();

        var again = await Up(ThreeNodes);

        Assert.Empty(_swarm.Changes);
        Assert.Equal(first.NodeIds, again.NodeIds);
    }

    [Fact]
    public async Task ANodeThatLeftByHandRejoinsAndItsStaleEntryIsRemoved()
    {
        await Up(ThreeNodes);
        var old = _swarm[Vm2].NodeId;
        _swarm.Log.Clear();
        await _swarm.ForTarget(Vm2).RunAsync(SwarmNodeCommands.Leave(), null, CancellationToken.None);

        var result = await Up(ThreeNodes);

        Assert.NotEqual(old, result.NodeIds[Vm2]);
        Assert.Equal(3, _swarm.Entries.Count);
        Assert.Contains($"{Vm1}: docker node rm --force {old}", _swarm.Changes);
        Assert.Contains("  \u2713 vm2 joined as worker (role app)", _output.Lines);
    }

    [Fact]
    public async Task PromotesAndDemotesToTheDeclaredSwarmRole()
    {
        await Up(ThreeNodes);
        _swarm.Log.Clear();

        await Up(NodeRules.Read([NodeRulesTests.Node(Vm1, "Role=manager;edge"), NodeRulesTests.Node(Vm2, "Role=app", "Manager=true"), NodeRulesTests.Node(Vm3, "Role=app;worker")]).Nodes);
        Assert.Equal([$"{Vm1}: docker node promote {_swarm[Vm2].NodeId}"], _swarm.Changes);

        _swarm.Log.Clear();
        await Up(ThreeNodes);
        Assert.Equal([$"{Vm1}: docker node demote {_swarm[Vm2].NodeId}"], _swarm.Changes);
    }

    [Fact]
    public async Task ManagersJoinWithTheManagerToken()
    {
        await Up(NodeRules.Read([NodeRulesTests.Node(Vm1, "Role=edge"), NodeRulesTests.Node(Vm2, "Manager=true"), NodeRulesTests.Node(Vm3, "Manager=true")]).Nodes);

        Assert.Equal(["worker", "manager", "manager"], _swarm.Entries.OrderBy(e => e.Hostname).Select(e => e.Role));
        Assert.Equal(Vm2, _swarm.Log.Single(l => l.Command.Argv[2] == "init").Target);
        Assert.Equal("SWMTKN-manager", _swarm.Log.Single(l => l.Target == Vm3 && l.Command.Argv[2] == "join").Command.Argv[4]);
        Assert.Contains("  \u2713 vm1 joined as worker (role edge)", _output.Lines);
    }

    [Fact]
    public async Task ANodeInAnotherSwarmIsSD7102AndNothingChanges()
    {
        var other = new FakeSwarm().Add(Vm3, "vm3");
        await new NodesUp(other, new RecordingOutput(), _clock, UpSettings.Default, CancellationToken.None).RunAsync(Declare((Vm3, "app")));
        _swarm[Vm3].NodeId = other[Vm3].NodeId;
        _swarm[Vm3].State = "active";
        await Up(Declare((Vm1, "manager"), (Vm2, "app")));
        _swarm.Log.Clear();

        var error = await Assert.ThrowsAsync<DeployException>(() => Up(ThreeNodes));

        Assert.True(error.Code == ErrorCodes.NodeInOtherSwarm, error.Message);
        Assert.Empty(_swarm.Changes);
    }

    [Fact]
    public async Task OnlyWorkersAlreadyInASwarmIsSD7105()
    {
        _swarm[Vm2].State = "active";
        _swarm[Vm2].NodeId = "elsewhere";

        var error = await Assert.ThrowsAsync<DeployException>(() => Up(ThreeNodes));

        Assert.Equal(ErrorCodes.NoManagerInSwarm, error.Code);
        Assert.Empty(_swarm.Changes);
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("error")]
    [InlineData("locked")]
    public async Task AnEngineInAnUnexpectedStateIsSD7104(string state)
    {
        _swarm[Vm2].State = state;

        var error = await Assert.ThrowsAsync<DeployException>(() => Up(ThreeNodes));

        Assert.Equal(ErrorCodes.NodeStateUnexpected, error.Code);
        Assert.Empty(_swarm.Changes);
    }

    [Fact]
    public async Task AnUnreachableDeclaredNodeIsTheSshErrorBeforeAnythingChanges()
    {
        _swarm[Vm3].Reachable = false;

        var error = await Assert.ThrowsAsync<DeployException>(() => Up(ThreeNodes));

        Assert.Equal(ErrorCodes.SshConnectionFailed, error.Code);
        Assert.Empty(_swarm.Changes);
    }

    [Fact]
    public async Task NodesSuperDeployDidNotJoinAreLeftAloneWithAWarning()
    {
        await Up(ThreeNodes);
        _swarm.Entries.Add(new FakeSwarm.Entry { Id = "handmade", Hostname = "db1", Address = "10.88.0.20" });
        _swarm.Log.Clear();

        await Up(ThreeNodes);

        Assert.Empty(_swarm.Changes);
        Assert.Contains("db1 (handmade) is in the swarm but not declared, and SuperDeploy did not join it: left alone.", _output.Warnings);
    }

    [Fact]
    public async Task TheSwarmIsManagedFromAnyDeclaredManagerAlreadyInIt()
    {
        await Up(Declare((Vm2, "manager"), (Vm1, "edge")));
        _swarm.Log.Clear();
        _output.Lines.Clear();

        await Up(NodeRules.Read([NodeRulesTests.Node(Vm1, "Role=edge", "Manager=false"), NodeRulesTests.Node(Vm2, "Role=manager")]).Nodes);

        Assert.Empty(_swarm.Changes);
        Assert.StartsWith("Swarm managed from vm2:", _output.Lines[^1]);
    }
}
