using SuperDeploy.Deploy;
using SuperDeploy.Deploy.Execution;
using SuperDeploy.Deploy.Nodes;
using SuperDeploy.Model;
using SuperDeploy.Validation;

namespace SuperDeploy.Tests.Unit.Deploy;

/// <summary>
/// The deploy on a multi-node swarm (SuperDeployNode items declared): the role check before the lock, the release job's
/// placement, Caddy reached on the node it runs on, the closing table's Nodes column. Same fake engine as the one-VM tests.
/// </summary>
public partial class DeployerTests
{
    private const string LockCreate = "docker config create --label superdeploy.lock.holder";

    private static readonly NodeDefinition[] Declared =
    [
        Declare("root@10.88.0.11", true, "manager", "edge"),
        Declare("root@10.88.0.12", false, "app"),
        Declare("root@10.88.0.13", false, "app", "worker"),
    ];

    private static NodeDefinition Declare(string target, bool manager, params string[] roles) =>
        new(target, "root", target.Split('@')[1], null, target.Split('@')[1], manager, roles, new SourceLocation("Directory.Build.props"));

    /// <summary>One `docker node inspect` line: id, host name, role, availability, state, address, labels.</summary>
    private static string NodeLine(string id, string hostname, string state, string? target, params string[] roles)
    {
        var labels = roles.Select(r => $"\"superdeploy.role.{r}\":\"true\"").ToList();
        if (target is not null) labels.Add($"\"superdeploy.node\":\"{target}\"");
        return $"{id}\t{hostname}\t{(roles.Contains("manager") ? "manager" : "worker")}\tactive\t{state}\t10.88.0.{id[1..]}\t{{{string.Join(",", labels)}}}\n";
    }

    private static readonly string ThreeNodes =
        NodeLine("n11", "vm1", "ready", "root@10.88.0.11", "edge", "manager") +
        NodeLine("n12", "vm2", "ready", "root@10.88.0.12", "app") +
        NodeLine("n13", "vm3", "ready", "root@10.88.0.13", "app", "worker");

    private const string EdgeReplicas = "docker service ps --filter desired-state=running --format {{.Name}}\t{{.Node}}\t{{.CurrentState}} demo-edge_caddy";

    /// <summary>The one-VM engine of these tests, now the manager vm1 of three nodes, with Caddy running on <paramref name="edgeNode"/>.</summary>
    private static FakeRunner ManagerEngine(string nodes, string edgeNode = "vm1") => Engine()
        .On("docker node ls --format {{.ID}}", string.Concat(nodes.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')[0] + "\n")))
        .On("docker node inspect --format", nodes)
        .On("docker node inspect self", "vm1\n")
        .On(EdgeReplicas, $"demo-edge_caddy.1\t{edgeNode}\tRunning 3 minutes ago\n");

    private static AppDefinition ApiWithWorkerRole()
    {
        var app = TestApps.Api();
        return app with { Processes = app.Processes.Select(p => p.Name == "worker" ? p with { Vm = "worker" } : p).ToList() };
    }

    private static DeployRequest OnNodes(FakeConnector connector, AppDefinition? app = null) =>
        Request(app ?? ApiWithWorkerRole()) with { Nodes = new DeployNodes(Declared, connector) };

    [Fact]
    public async Task WithNodesTheRolesAreCheckedBeforeTheLock()
    {
        var (runner, output, _, error) = await Deploy(ManagerEngine(ThreeNodes), OnNodes(new FakeConnector()));
        Assert.Null(error);

        Assert.Equal("docker node ls --format {{.ID}}", FakeRunner.Text(runner.Ran[0]));
        Assert.Equal("docker node inspect --format", string.Join(" ", runner.Ran[1].Argv.Take(4)));
        Assert.Equal(["n11", "n12", "n13"], runner.Ran[1].Argv.Skip(5));
        Assert.StartsWith(LockCreate, FakeRunner.Text(runner.Ran[2]));
        Assert.StartsWith("  ✓ nodes: app on vm2, vm3; worker on vm3 (", output.Lines[1]);
        Assert.StartsWith("  ✓ lock", output.Lines[2]);
    }

    [Fact]
    public async Task ARoleWithNoReadyNodeIsSD7101AndNothingChanges()
    {
        // vm3, the only worker node, is down.
        var nodes = NodeLine("n11", "vm1", "ready", "root@10.88.0.11", "edge", "manager") +
                    NodeLine("n12", "vm2", "ready", "root@10.88.0.12", "app") +
                    NodeLine("n13", "vm3", "down", "root@10.88.0.13", "app", "worker");
        var (runner, output, _, error) = await Deploy(ManagerEngine(nodes), OnNodes(new FakeConnector()));

        Assert.Equal(ErrorCodes.RoleHasNoNode, error?.Code);
        Assert.Contains("'worker'", error!.Message);
        Assert.Equal(["docker node ls", "docker node inspect"], runner.Ran.Select(c => string.Join(" ", c.Argv.Take(3))));
        Assert.Contains(output.Lines, l => l.StartsWith("  ✗ nodes"));
        Assert.False(runner.HasRun("docker config"));
    }

    [Fact]
    public async Task NodesDeclaredButNoSwarmOnTheTargetIsSD7107AndNothingChanges()
    {
        var runner = ManagerEngine(ThreeNodes).Fail("docker node ls", 1,
            "Error response from daemon: This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again.");
        var (_, _, _, error) = await Deploy(runner, OnNodes(new FakeConnector()));

        Assert.Equal(ErrorCodes.NodesTargetNotManager, error?.Code);
        Assert.Contains("SuperDeployUp", error!.Message);
        Assert.Single(runner.Ran);
        Assert.False(runner.HasRun("docker swarm init"));
    }

    [Fact]
    public async Task OnOneVmNoNodeCommandRuns()
    {
        var (runner, output, _, error) = await Deploy(Engine());
        Assert.Null(error);
        Assert.False(runner.HasRun("docker node"));
        Assert.False(runner.HasRun("docker service ps --filter desired-state=running --format {{.Name}}"));
        Assert.DoesNotContain(output.Lines, l => l.Contains("Nodes"));
        Assert.DoesNotContain("--constraint", runner.All("docker service create").Single().Argv);
    }

    [Fact]
    public async Task WithNodesTheReleaseJobRunsOnItsRolesNodes()
    {
        var (runner, _, _, error) = await Deploy(ManagerEngine(ThreeNodes), OnNodes(new FakeConnector()));
        Assert.Null(error);

        var argv = runner.All("docker service create --mode replicated-job").Single().Argv;
        Assert.Equal(
            ["--detach", "--constraint", "node.labels.superdeploy.role.app == true", "--placement-pref", "spread=node.id", "--entrypoint", "dotnet", NewImage],
            argv.SkipWhile(a => a != "--detach").Take(8));
    }

    [Fact]
    public async Task WithNodesTheClosingTableShowsEachReplicasNode()
    {
        var (_, output, _, error) = await Deploy(ManagerEngine(ThreeNodes), OnNodes(new FakeConnector()));
        Assert.Null(error);

        var header = output.Lines.Single(l => l.StartsWith("Process "));
        Assert.Matches("^Process +Replicas +Status +Nodes +Image tag +Age$", header);
        Assert.Matches("^api:web +2/2 +running +node1 \\(2\\) +new +", output.Lines.Single(l => l.StartsWith("api:web ")));
        Assert.Matches("^api:worker +1/1 +running +node1 +new +", output.Lines.Single(l => l.StartsWith("api:worker ")));
    }

    [Fact]
    public async Task CaddyOnTheManagerIsReachedThroughTheManager()
    {
        var connector = new FakeConnector();
        var (runner, _, _, error) = await Deploy(ManagerEngine(ThreeNodes, edgeNode: "vm1"), OnNodes(connector));
        Assert.Null(error);

        Assert.Empty(connector.Opened);
        Assert.True(runner.HasRun("docker exec -i edgecontainer tee /data/superdeploy/sites/api.caddy.new"));
        Assert.True(runner.IndexOf(EdgeReplicas) < runner.IndexOf("docker ps --filter label=com.docker.swarm.service.name=demo-edge_caddy"));
    }

    [Fact]
    public async Task CaddyOnAnotherNodeIsReachedOnThatNodesEngine()
    {
        // The edge role is on vm4, a worker joined from root@10.88.0.14 port 2222.
        var nodes = ThreeNodes + NodeLine("n14", "vm4", "ready", "root@10.88.0.14", "edge");
        var vm4 = new FakeRunner { IsLocal = false }
            .On("docker ps --filter label=com.docker.swarm.service.name=demo-edge_caddy", "caddyonvm4\n")
            .Fail("docker exec caddyonvm4 cat", 1, "cat: /data/superdeploy/sites/api.caddy: No such file or directory");
        var connector = new FakeConnector { ["root@10.88.0.14"] = vm4 };
        var request = OnNodes(connector) with
        {
            Nodes = new DeployNodes([.. Declared, Declare("root@10.88.0.14", false, "edge") with { Port = 2222 }], connector),
        };

        var (manager, _, _, error) = await Deploy(ManagerEngine(nodes, edgeNode: "vm4"), request);
        Assert.Null(error);

        Assert.Equal([("root@10.88.0.14", (int?)2222)], connector.Opened);
        Assert.False(manager.HasRun("docker exec"));
        Assert.False(manager.HasRun("docker ps --filter label=com.docker.swarm.service.name=demo-edge_caddy"));
        Assert.Equal(
        [
            "docker ps --filter label=com.docker.swarm.service.name=demo-edge_caddy --filter status=running --format {{.ID}}",
            "docker exec caddyonvm4 cat /data/superdeploy/sites/api.caddy",
            "docker exec caddyonvm4 mkdir -p /data/superdeploy/sites",
            "docker exec -i caddyonvm4 tee /data/superdeploy/sites/api.caddy.new",
            "docker exec caddyonvm4 mv -f /data/superdeploy/sites/api.caddy.new /data/superdeploy/sites/api.caddy",
            "docker exec caddyonvm4 caddy reload --config /etc/caddy/Caddyfile --adapter caddyfile --address localhost:2019",
        ], vm4.Ran.Select(FakeRunner.Text));
        // The route is written before the release is recorded and the lock released, on the manager.
        Assert.Equal("docker config rm superdeploy-lock-api", FakeRunner.Text(manager.Ran[^1]));
    }

    [Fact]
    public async Task CaddyOnANodeSuperDeployDidNotJoinIsSD7108()
    {
        var nodes = ThreeNodes + NodeLine("n14", "vm4", "ready", null, "edge");
        var (manager, _, _, error) = await Deploy(ManagerEngine(nodes, edgeNode: "vm4"), OnNodes(new FakeConnector()));

        Assert.Equal(ErrorCodes.EdgeNodeUnreachable, error?.Code);
        Assert.Contains("vm4", error!.Message);
        Assert.False(manager.HasRun("docker exec"));
        Assert.Equal("docker config rm superdeploy-lock-api", FakeRunner.Text(manager.Ran[^1]));
    }

    [Fact]
    public async Task CaddyNotRunningYetIsWaitedFor()
    {
        var reads = 0;
        var runner = ManagerEngine(ThreeNodes).On(EdgeReplicas, _ =>
            CommandResult.Ok(++reads < 3 ? "demo-edge_caddy.1\tvm1\tStarting 1 second ago\n" : "demo-edge_caddy.1\tvm1\tRunning 1 second ago\n"));
        var (_, _, clock, error) = await Deploy(runner, OnNodes(new FakeConnector()));

        Assert.Null(error);
        Assert.Equal(3, reads);
        Assert.Equal(TimeSpan.FromSeconds(2), clock.Waited);
    }

    [Fact]
    public async Task AReleaseContainerOnAnotherNodeLeavesTheManagersPruneEmptyAndQuiet()
    {
        // The job ran on vm2: on the manager the prune's filter matches nothing. Even a failing prune is no error.
        var runner = ManagerEngine(ThreeNodes).Fail("docker container prune", 1, "Error response from daemon: a prune operation is already running");
        var (_, output, _, error) = await Deploy(runner, OnNodes(new FakeConnector()));

        Assert.Null(error);
        Assert.True(runner.HasRun("docker container prune --force --filter label=com.docker.swarm.service.name=api-release-new"));
        Assert.DoesNotContain(output.Lines.Concat(output.Warnings), l => l.Contains("prune"));
    }

    /// <summary>Hands out a FakeRunner per ssh target and records which nodes were opened (target, port).</summary>
    private sealed class FakeConnector : INodeConnector
    {
        private readonly Dictionary<string, FakeRunner> _runners = new(StringComparer.Ordinal);

        public List<(string Target, int? Port)> Opened { get; } = [];

        public FakeRunner this[string target]
        {
            get => _runners[target];
            init => _runners[target] = value;
        }

        public ICommandRunner For(NodeDefinition node)
        {
            Opened.Add((node.Target, node.Port));
            return _runners[node.Target];
        }

        public ICommandRunner ForTarget(string target)
        {
            Opened.Add((target, null));
            return _runners[target];
        }
    }
}
