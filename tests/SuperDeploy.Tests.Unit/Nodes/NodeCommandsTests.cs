using SuperDeploy.Deploy;
using SuperDeploy.Deploy.Commands;
using SuperDeploy.Deploy.Execution;
using SuperDeploy.Deploy.Nodes;
using SuperDeploy.Model;
using SuperDeploy.Validation;

namespace SuperDeploy.Tests.Unit.Nodes;

public class NodeCommandsTests
{
    [Fact]
    public void SwarmMembershipCommands()
    {
        Assert.Equal(["docker", "info", "--format", "{{.Swarm.NodeID}} {{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}} {{.Name}}"], SwarmNodeCommands.LocalState().Argv);
        Assert.Equal(["docker", "swarm", "init", "--advertise-addr", "10.88.0.11"], SwarmNodeCommands.Init("10.88.0.11").Argv);
        Assert.Equal(["docker", "swarm", "join-token", "--quiet", "worker"], SwarmNodeCommands.JoinToken(manager: false).Argv);
        Assert.Equal(["docker", "swarm", "join-token", "--quiet", "manager"], SwarmNodeCommands.JoinToken(manager: true).Argv);
        Assert.Equal(["docker", "swarm", "join", "--token", "SWMTKN-1-abc", "--advertise-addr", "10.88.0.12", "10.88.0.11:2377"],
            SwarmNodeCommands.Join("SWMTKN-1-abc", "10.88.0.12", "10.88.0.11").Argv);
        Assert.Equal(["docker", "swarm", "join", "--token", "t", "--advertise-addr", "fd00::2", "[fd00::1]:2377"], SwarmNodeCommands.Join("t", "fd00::2", "fd00::1").Argv);
        Assert.Equal(["docker", "swarm", "leave"], SwarmNodeCommands.Leave().Argv);
    }

    [Fact]
    public void TheJoinTokenNeverShowsInLogs()
    {
        var join = SwarmNodeCommands.Join("SWMTKN-1-secret", "10.88.0.12", "10.88.0.11");
        Assert.DoesNotContain("SWMTKN", join.Display);
        Assert.Equal("docker swarm <arguments hidden>", join.Display);
    }

    [Fact]
    public void NodeCommandsOnTheManager()
    {
        Assert.Equal(["docker", "node", "ls", "--format", "{{.ID}}"], SwarmNodeCommands.ListNodeIds().Argv);
        Assert.Equal(["docker", "node", "inspect", "--format", "{{json .Spec.Labels}}", "a", "b"], SwarmNodeCommands.InspectLabels(["a", "b"]).Argv);
        Assert.Equal(
            ["docker", "node", "inspect", "--format", "{{.ID}}\t{{.Description.Hostname}}\t{{.Spec.Role}}\t{{.Spec.Availability}}\t{{.Status.State}}\t{{.Status.Addr}}\t{{json .Spec.Labels}}", "a", "b"],
            SwarmNodeCommands.InspectNodes(["a", "b"]).Argv);
        Assert.Equal(["docker", "node", "update", "--label-add", "superdeploy.role.app=true", "--label-add", "superdeploy.node=root@h", "--label-rm", "superdeploy.role.old", "n1"],
            SwarmNodeCommands.UpdateLabels("n1", [new("superdeploy.role.app", "true"), new("superdeploy.node", "root@h")], ["superdeploy.role.old"]).Argv);
        Assert.Equal(["docker", "node", "update", "--availability", "drain", "n1"], SwarmNodeCommands.Drain("n1").Argv);
        Assert.Equal(["docker", "node", "ps", "--format", "{{.DesiredState}}\t{{.CurrentState}}", "n1"], SwarmNodeCommands.TasksOnNode("n1").Argv);
        Assert.Equal(["docker", "node", "rm", "--force", "n1"], SwarmNodeCommands.Remove("n1").Argv);
        Assert.Equal(["docker", "node", "promote", "n1"], SwarmNodeCommands.Promote("n1").Argv);
        Assert.Equal(["docker", "node", "demote", "n1"], SwarmNodeCommands.Demote("n1").Argv);
    }

    [Fact]
    public void ReplicaNodesCommand() =>
        Assert.Equal(["docker", "service", "ps", "--filter", "desired-state=running", "--format", "{{.Name}}\t{{.Node}}\t{{.CurrentState}}", "api_api-web", "api_api-worker"],
            ServiceCommands.ReplicaNodes(["api_api-web", "api_api-worker"]).Argv);

    [Theory]
    [InlineData(" inactive false vm2\n", "", "inactive", false, "vm2")]
    [InlineData("abc123 active true vm1\n", "abc123", "active", true, "vm1")]
    [InlineData("abc123 pending false vm3", "abc123", "pending", false, "vm3")]
    public void LocalStateParses(string stdout, string id, string state, bool manager, string name) =>
        Assert.Equal(new NodeLocalState(id, state, manager, name), NodeLocalState.Parse(stdout));

    [Fact]
    public void LocalStateRejectsOtherOutput() => Assert.Null(NodeLocalState.Parse("Cannot connect to the Docker daemon"));

    [Fact]
    public void SwarmNodesParseWithTheirLabelsAndRoles()
    {
        var nodes = SwarmNode.ParseAll(
            "n1\tvm1\tmanager\tactive\tready\t10.88.0.11\t{\"superdeploy.node\":\"root@10.88.0.11\",\"superdeploy.role.edge\":\"true\",\"superdeploy.role.manager\":\"true\"}\n" +
            "n2\tvm2\tworker\tdrain\tdown\t10.88.0.12\tnull\n" +
            "n3\tvm3\tworker\tactive\tready\t10.88.0.13\t{\"superdeploy.role.app\":\"false\",\"zone\":\"a\\u0026b\"}\n");

        Assert.Equal(["n1", "n2", "n3"], nodes.Select(n => n.Id));
        Assert.Equal(["edge", "manager"], nodes[0].Roles);
        Assert.Equal("root@10.88.0.11", nodes[0].Target);
        Assert.True(nodes[0].IsManager && nodes[0].CanRunTasks);
        Assert.True(nodes[1].IsDown);
        Assert.False(nodes[1].CanRunTasks);
        Assert.Empty(nodes[1].Labels);
        Assert.Empty(nodes[2].Roles);
        Assert.Null(nodes[2].Target);
        Assert.Equal("a&b", nodes[2].Labels["zone"]);
    }

    [Theory]
    [InlineData("{}", 0)]
    [InlineData("null", 0)]
    [InlineData("{\"a\":\"1\", \"b\" : \"x\\\"y\\\\z\"}", 2)]
    public void FlatJsonReadsLabelObjects(string json, int count) => Assert.Equal(count, FlatJson.ParseObject(json)!.Count);

    [Theory]
    [InlineData("{\"a\":1}")]
    [InlineData("[\"a\"]")]
    [InlineData("{\"a\":\"1\"")]
    [InlineData("{\"a\":\"1\"} x")]
    public void FlatJsonRejectsAnythingElse(string json) => Assert.Null(FlatJson.ParseObject(json));

    [Fact]
    public void DrainProgressCountsWhatStillRunsOrIsWanted()
    {
        const string tasks = "Running\tRunning 3 minutes ago\nShutdown\tRunning 3 minutes ago\nShutdown\tShutdown 2 seconds ago\nShutdown\tFailed 1 hour ago\n";
        Assert.Equal(2, DrainProgress.Remaining(tasks));
        Assert.Equal(1, DrainProgress.Remaining(tasks, nodeIsDown: true));
        Assert.Equal(0, DrainProgress.Remaining(""));
    }

    [Fact]
    public void ReplicasParseSortAndSummarisePerService()
    {
        var replicas = ReplicaNodes.Parse(
            "api_api-web.2\tvm3\tRunning 5 minutes ago\n" +
            "api_api-worker.1\tvm3\tRunning 5 minutes ago\n" +
            "api_api-web.1\tvm2\tRunning 5 minutes ago\n" +
            "api_api-web.3\t\tPending 2 seconds ago\n" +
            "api_api-tick.1\tvm3\tRunning 1 second ago\n" +
            "api_api-tick.2\tvm3\tRunning 1 second ago\n");

        Assert.Equal(["api_api-tick.1", "api_api-tick.2", "api_api-web.1", "api_api-web.2", "api_api-web.3", "api_api-worker.1"], replicas.Select(r => r.Name));
        Assert.Equal((string?)"api_api-web", replicas[2].Service);
        Assert.Equal(3, replicas[4].Slot);
        Assert.Equal(new Dictionary<string, string> { ["api_api-web"] = "vm2, vm3", ["api_api-worker"] = "vm3", ["api_api-tick"] = "vm3 (2)" },
            ReplicaNodes.NodesByService(replicas));
        var table = ReplicaNodes.Format(replicas).Split('\n');
        Assert.Equal("Replica           Node  State", table[0]);
        Assert.Equal("api_api-web.3     -     Pending 2 seconds ago", table[5]);
    }

    [Fact]
    public void EachNodeGetsTheDeploysSshRunnerWithItsOwnPort()
    {
        var connector = new SshNodeConnector("/keys/id", "/keys/known_hosts", defaultPort: 2200);
        var nodes = SuperDeploy.Validation.NodeRules.Read([NodeRulesTests.Node("root@10.88.0.12", "Port=2222"), NodeRulesTests.Node("root@10.88.0.13")]).Nodes;

        Assert.Equal(new SshTarget("root@10.88.0.12", 2222, "/keys/id", "/keys/known_hosts"), Assert.IsType<SshRunner>(connector.For(nodes[0])).Target);
        Assert.Equal(new SshTarget("root@10.88.0.13", 2200, "/keys/id", "/keys/known_hosts"), Assert.IsType<SshRunner>(connector.For(nodes[1])).Target);
        Assert.Equal(new SshTarget("root@10.88.0.14", 2200, "/keys/id", "/keys/known_hosts"), Assert.IsType<SshRunner>(connector.ForTarget("root@10.88.0.14")).Target);
        Assert.Equal(new SshTarget("h", null, null, null), Assert.IsType<SshRunner>(new SshNodeConnector(" ", "", null).ForTarget("h")).Target);
    }
}

public class RoleCheckTests
{
    private static readonly AppDefinition App = PlacementTests.App;

    private static SwarmNode Node(string name, string state, string availability, params string[] roles) =>
        new(name, name, "worker", availability, state, "10.0.0.1", roles.ToDictionary(r => "superdeploy.role." + r, _ => "true"));

    [Fact]
    public void EveryRoleWithAReadyActiveNodePasses()
    {
        var nodes = new[] { Node("vm1", "ready", "active", "edge"), Node("vm2", "ready", "active", "app"), Node("vm3", "ready", "active", "app", "worker") };
        Assert.Empty(RoleCheck.Missing(App, nodes));
        RoleCheck.Ensure(App, nodes, "root@10.88.0.11");
    }

    [Fact]
    public void ARoleWithNoNodeIsSD7101NamingItsProcesses()
    {
        var nodes = new[] { Node("vm1", "ready", "active", "edge"), Node("vm2", "ready", "active", "app") };

        var missing = Assert.Single(RoleCheck.Missing(App, nodes));
        Assert.Equal("worker", missing.Role);
        Assert.Equal(["worker"], missing.Processes);
        var error = Assert.Throws<DeployException>(() => RoleCheck.Ensure(App, nodes, "root@10.88.0.11"));
        Assert.Equal(ErrorCodes.RoleHasNoNode, error.Code);
        Assert.Contains("process 'worker'", error.Message);
        Assert.Contains("(roles present: app, edge)", error.Message);
    }

    [Fact]
    public void AnAttachedAddonPinnedToARoleWithNoNodeIsSD7101NamingIt()
    {
        var cache = new AddonDefinition("cheapa", "cache.main", AddonType.Redis, "7", "redis:7", 256L << 20, null, null, new SourceLocation("/src/Directory.Build.props")) { Vm = "cache" };
        var app = App with { AddonDefinitions = [cache], Addons = [new AddonAttachment("cache.main", "CACHE", new SourceLocation("/src/Api.csproj"))] };
        var nodes = new[] { Node("vm1", "ready", "active", "edge"), Node("vm2", "ready", "active", "app"), Node("vm3", "ready", "active", "app", "worker") };

        var missing = Assert.Single(RoleCheck.Missing(app, nodes));
        Assert.Equal(("cache", 0), (missing.Role, missing.Processes.Count));
        Assert.Equal(["cache.main"], missing.Addons);
        var error = Assert.Throws<DeployException>(() => RoleCheck.Ensure(app, nodes, "root@10.88.0.11"));
        Assert.Equal(ErrorCodes.RoleHasNoNode, error.Code);
        Assert.Contains("addon 'cache.main' runs on the node role 'cache'", error.Message);
        Assert.Empty(RoleCheck.Missing(app, [.. nodes, Node("vm4", "ready", "active", "cache")]));
    }

    [Fact]
    public void DownAndDrainedNodesDoNotCount()
    {
        var nodes = new[] { Node("vm2", "down", "active", "app", "worker"), Node("vm3", "ready", "drain", "app", "worker") };
        Assert.Equal(["app", "worker"], RoleCheck.Missing(App, nodes).Select(m => m.Role));
    }

    [Fact]
    public async Task EnsureAsyncReadsTheNodesThroughTheManager()
    {
        var swarm = new FakeSwarm().Add("root@10.88.0.11", "vm1").Add("root@10.88.0.12", "vm2");
        var nodes = SuperDeploy.Validation.NodeRules.Read([NodeRulesTests.Node("root@10.88.0.11", "Role=edge"), NodeRulesTests.Node("root@10.88.0.12", "Role=app")]).Nodes;
        await new NodesUp(swarm, new RecordingOutput(), new FakeClock(), UpSettings.Default, CancellationToken.None).RunAsync(nodes);
        swarm.Log.Clear();
        var manager = new Target(swarm.ForTarget("root@10.88.0.11"), new RecordingOutput(), new FakeClock(), CancellationToken.None);

        var error = await Assert.ThrowsAsync<DeployException>(() => RoleCheck.EnsureAsync(manager, App));

        Assert.Equal(ErrorCodes.RoleHasNoNode, error.Code);
        Assert.Equal([["docker", "node", "ls"], ["docker", "node", "inspect"]], swarm.Log.Select(l => l.Command.Argv.Take(3).ToArray()));
        Assert.Empty(swarm.Changes);
    }
}
