using SuperDeploy.Deploy;
using SuperDeploy.Deploy.Commands;
using SuperDeploy.Deploy.Execution;
using SuperDeploy.Model;
using SuperDeploy.Validation;

namespace SuperDeploy.Tests.Unit.Deploy;

/// <summary>The deploy's step order and failure handling, against a fake engine.</summary>
public partial class DeployerTests
{
    private const string OldImage = "127.0.0.1:5000/demo/api:old";
    private const string NewImage = "127.0.0.1:5000/demo/api:new";
    private static readonly EdgeDefinition Edge = EdgeDefinition.Create("demo", "demo-net", "caddy:2.11", 18080, 18443);
    private static readonly string[] Services = ["api_api-web", "api_api-worker", "api_api-tick"];

    private static bool StackDeployed(FakeRunner runner) =>
        runner.Ran.Any(c => c.Argv.Count > 2 && c.Argv[1] == "stack" && c.Argv[2] == "deploy" && c.Argv[^1] == "api");

    private static string ServiceLine(string name, int replicas, int? declared, string? update, long? updateStart, string image) =>
        $"{name}\t{replicas}\t{declared}\t{update}\t{updateStart}\t{image}@sha256:0123\t1738324800\t1738320000\t";

    /// <summary>A healthy engine where api is deployed at `old` (web 2, worker 1, tick 1) and converges on `new` at once.</summary>
    internal static FakeRunner Engine(Func<string, int>? liveReplicas = null, string? updateStateAfter = "completed")
    {
        var runner = new FakeRunner();
        liveReplicas ??= name => name == "api_api-web" ? 2 : 1;
        int Declared(string name) => name == "api_api-web" ? 2 : 1;
        return runner
            .On("docker info", "active\ttrue\n")
            .On("docker version", "28.2.2\n")
            .On("docker network ls", "demo-net\n")
            .On("docker service ls --filter label=com.docker.stack.namespace=demo-edge", "demo-edge_caddy\n")
            .On("docker service inspect --format {{index .Spec.Labels \"superdeploy.edge-hash\"}}", EdgeManager.Hash(Edge.StackYaml) + "\n")
            .On("docker service ls --filter label=com.docker.stack.namespace=api", string.Join("\n", Services) + "\n")
            .On("docker service ps --no-trunc --quiet api-release-new", "task1\n")
            .On("docker inspect --type task", "complete\t0\t\n")
            .On("docker service logs --raw api-release-new", "release: ran version=v2\n")
            .On("docker service inspect --format " + ServiceCommands.InspectFormat, _ => CommandResult.Ok(string.Concat(Services.Select(s =>
                StackDeployed(runner)
                    ? ServiceLine(s, liveReplicas(s), Declared(s), updateStateAfter, 1738324900, NewImage) + "\n"
                    : ServiceLine(s, liveReplicas(s), Declared(s), "completed", 1738324000, OldImage) + "\n"))))
            .On("docker service ps --no-trunc --filter desired-state=running", _ => CommandResult.Ok(string.Concat(Services.SelectMany(s =>
                Enumerable.Range(1, liveReplicas(s)).Select(i =>
                    $"t{s}{i}\t{s}.{i}\t{(StackDeployed(runner) ? NewImage : OldImage)}@sha256:0123\tRunning 2 seconds ago\t\tnode1\n")))))
            .On("docker ps --filter label=com.docker.swarm.service.name=demo-edge_caddy", "edgecontainer\n")
            .Fail("docker exec edgecontainer cat", 1, "cat: /data/superdeploy/sites/api.caddy: No such file or directory")
            .On("docker config inspect --format {{.Spec.Name}}", "demo-edge-caddyfile-0123\n")
            .On("docker config ls", "");
    }

    internal static DeployRequest Request(AppDefinition? app = null, TimeSpan? lockTimeout = null, bool breakLock = false) => new(
        app ?? TestApps.Api(),
        NewImage,
        "new",
        "abc123",
        ImageInRegistry: true,
        TestApps.Stack,
        Edge,
        "http://api.demo.localhost {\n}\n",
        new DeploySettings(TimeSpan.FromSeconds(300), lockTimeout ?? TimeSpan.FromSeconds(300), breakLock, "me@laptop pid 1"));

    private static async Task<(FakeRunner Runner, ListOutput Output, FakeClock Clock, DeployException? Error)> Deploy(
        FakeRunner runner, DeployRequest? request = null)
    {
        var output = new ListOutput();
        var clock = new FakeClock();
        DeployException? error = null;
        try
        {
            await new Deployer(runner, output, clock, CancellationToken.None).DeployAsync(request ?? Request());
        }
        catch (DeployException e)
        {
            error = e;
        }
        return (runner, output, clock, error);
    }

    [Fact]
    public async Task StepsRunInOrderAndTheReleaseRunsBeforeTheStackDeploy()
    {
        var (runner, output, _, error) = await Deploy(Engine());
        Assert.Null(error);

        string[] order =
        [
            "docker config create --label superdeploy.lock.holder=me@laptop pid 1",
            "docker info",
            "docker network ls",
            "docker service ls --filter label=com.docker.stack.namespace=demo-edge",
            "docker service create --mode replicated-job",
            "docker service logs --raw api-release-new",
            "docker stack deploy --compose-file - --prune --with-registry-auth --resolve-image always --detach=true api",
            "docker service ps --no-trunc --filter desired-state=running",
            "docker exec -i edgecontainer tee /data/superdeploy/sites/api.caddy.new",
            "docker exec edgecontainer mv -f",
            "docker exec edgecontainer caddy reload --config /etc/caddy/Caddyfile --adapter caddyfile",
            "docker config create --label superdeploy.project=demo --label superdeploy.app=api",
            "docker config rm superdeploy-lock-api",
        ];
        var positions = order.Select(runner.IndexOf).ToArray();
        Assert.All(positions, p => Assert.True(p >= 0));
        Assert.Equal(positions.Order(), positions);
        Assert.Equal("docker config rm superdeploy-lock-api", FakeRunner.Text(runner.Ran[^1]));
        // The job is removed once it has finished, before the stack deploy (and once before, in case a killed deploy left it).
        var removals = runner.Ran.Select((c, i) => (c, i)).Where(x => FakeRunner.Text(x.c) == "docker service rm api-release-new").Select(x => x.i).ToArray();
        Assert.Equal(2, removals.Length);
        Assert.True(removals[0] < runner.IndexOf("docker service create"));
        Assert.True(removals[1] > runner.IndexOf("docker service logs --raw") && removals[1] < runner.IndexOf("docker stack deploy --compose-file - --prune --with-registry-auth --resolve-image always --detach=true api"));

        // The edge was unchanged: never redeployed. The swarm was active: never initialised.
        Assert.False(runner.HasRun("docker stack deploy --compose-file - --prune --with-registry-auth --resolve-image always --detach=true demo-edge"));
        Assert.False(runner.HasRun("docker swarm init"));

        Assert.Equal(
            ["  ✓ lock", "  ✓ swarm", "  ✓ edge unchanged", "  ✓ release", "  ✓ stack deploy", "  ✓ healthy", "  ✓ route api.demo.localhost", "  ✓ recorded superdeploy-release-api-",
                "  ✓ kept 0 releases"],
            output.Lines.Where(l => l.StartsWith("  ✓")).Select(l => l[..l.LastIndexOf(" (", StringComparison.Ordinal)]).Select(l => l.StartsWith("  ✓ recorded") ? "  ✓ recorded superdeploy-release-api-" : l));
        Assert.All(output.Lines.Where(l => l.StartsWith("  ✓")), l => Assert.Matches(@"\(\d+\.\d s\)$", l));
        Assert.Single(output.Lines, l => l.Contains("release: ran"));
        Assert.Contains(output.Lines, l => l.StartsWith("api:web ") && l.Contains("2/2") && l.Contains("running") && l.Contains(" new "));
    }

    [Fact]
    public async Task TheStackFileCarriesTheDeclaredReplicasLabel()
    {
        var (runner, _, _, _) = await Deploy(Engine());
        var stdin = runner.All("docker stack deploy").Single(c => c.Argv[^1] == "api").Stdin!;
        Assert.Contains("superdeploy.declared-replicas: \"2\"", stdin);
        Assert.Contains("image: " + NewImage, stdin);
    }

    [Fact]
    public async Task AFailedReleaseStopsTheDeployBeforeAnyServiceIsTouched()
    {
        var runner = Engine().On("docker inspect --type task", "failed\t3\ttask: non-zero exit (3)\n");
        var (_, output, _, error) = await Deploy(runner);

        Assert.Equal(ErrorCodes.ReleaseFailed, error?.Code);
        Assert.False(runner.HasRun("docker stack deploy --compose-file - --prune --with-registry-auth --resolve-image always --detach=true api"));
        Assert.False(runner.HasRun("docker exec -i"));
        Assert.False(runner.HasRun("docker config create --label superdeploy.project"));
        Assert.Contains(output.Lines, l => l.Contains("release: ran"));
        Assert.Contains(output.Lines, l => l.StartsWith("  ✗ release"));
        Assert.True(runner.HasRun("docker service rm api-release-new"));
        Assert.Equal("docker config rm superdeploy-lock-api", FakeRunner.Text(runner.Ran[^1]));
    }

    [Fact]
    public async Task ARolledBackUpdateIsAFailedDeployWithTheTasksErrorsAndLogs()
    {
        var runner = Engine(updateStateAfter: "rollback_completed")
            .On("docker service ps --no-trunc --format", "t9\tapi_api-web.1\t" + NewImage + "\tShutdown 3 seconds ago\ttask: non-zero exit (137): dockerexec: unhealthy container\tnode1\n")
            .On("docker service logs --tail 20 t9", "web: started version=v2\nboom\n")
            .On("docker inspect --type task --format {{with .Status.ContainerStatus}}{{.ContainerID}}{{end}} t9", "c9\n")
            .On("docker inspect --type container", "HTTP 404 Not Found\nHTTP 404 Not Found\n");
        var (_, _, _, error) = await Deploy(runner);

        Assert.Equal(ErrorCodes.UpdateRolledBack, error?.Code);
        Assert.Contains("unhealthy container", error!.Details);
        Assert.Contains("boom", error.Details);
        Assert.Contains("health check of api_api-web.1:\n    HTTP 404 Not Found\n", error.Details);
        Assert.Contains("did not become healthy (health check of api_api-web.1: HTTP 404 Not Found)", error.Message);
        Assert.False(runner.HasRun("docker exec -i"));
        Assert.False(runner.HasRun("docker config create --label superdeploy.project"));
        Assert.Equal("docker config rm superdeploy-lock-api", FakeRunner.Text(runner.Ran[^1]));
    }

    [Fact]
    public async Task ANewTaskStoppedByTheRollbackCountsAsFailingEvenWithoutAnError()
    {
        var runner = Engine(updateStateAfter: "rollback_completed")
            .On("docker service ps --no-trunc --format", "t8\tapi_api-web.1\t" + NewImage + "@sha256:0123\tComplete 2 seconds ago\t\tnode1\n"
                + "t7\tapi_api-web.1\t" + OldImage + "@sha256:0123\tRunning 1 minute ago\t\tnode1\n");
        var (_, _, _, error) = await Deploy(runner);
        Assert.Equal(ErrorCodes.UpdateRolledBack, error?.Code);
        Assert.Contains("api_api-web.1 on node1: Complete 2 seconds ago", error!.Details);
        Assert.DoesNotContain("Running 1 minute ago", error.Details);
    }

    [Fact]
    public async Task AServiceThatNeverConvergesTimesOut()
    {
        // The update never finishes: Swarm keeps reporting it in progress.
        var (_, _, clock, error) = await Deploy(Engine(updateStateAfter: "updating"));
        Assert.Equal(ErrorCodes.DeployTimedOut, error?.Code);
        Assert.True(clock.Waited >= TimeSpan.FromSeconds(300));
    }

    [Fact]
    public async Task AHeldLockIsWaitedForThenReportedWithItsHolder()
    {
        var runner = Engine()
            .Fail("docker config create --label superdeploy.lock.holder", 1,
                "Error response from daemon: rpc error: code = AlreadyExists desc = config superdeploy-lock-api already exists")
            .On("docker config inspect", "ci@runner-7 pid 42\t2025-01-31T11:58:00Z\n");
        var (_, output, clock, error) = await Deploy(runner, Request(lockTimeout: TimeSpan.FromSeconds(10)));

        Assert.Equal(ErrorCodes.DeployLockHeld, error?.Code);
        Assert.Contains("ci@runner-7 pid 42", error!.Message);
        Assert.Contains("2025-01-31T11:58:00Z", error.Message);
        Assert.True(runner.All("docker config create --label superdeploy.lock.holder").Count() > 2, "polled the lock");
        Assert.Equal(TimeSpan.FromSeconds(10), clock.Waited);
        Assert.Contains(output.Lines, l => l.Contains("waiting for the deploy lock") && l.Contains("ci@runner-7"));
        // Nothing else ran, and someone else's lock was left alone.
        Assert.False(runner.HasRun("docker info"));
        Assert.False(runner.HasRun("docker config rm"));
    }

    [Fact]
    public async Task ALockReleasedWhileWaitingIsTaken()
    {
        var attempts = 0;
        var runner = Engine()
            .On("docker config create --label superdeploy.lock.holder", _ => ++attempts < 3
                ? CommandResult.Fail(1, "config superdeploy-lock-api already exists")
                : CommandResult.Ok("id\n"))
            .On("docker config inspect", "other\t2025-01-31T11:58:00Z\n");
        var (_, _, _, error) = await Deploy(runner);
        Assert.Null(error);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task BreakLockRemovesAStaleLockFirst()
    {
        var runner = Engine().On("docker config inspect", "dead@ci pid 1\t2025-01-30T00:00:00Z\n");
        var (_, output, _, error) = await Deploy(runner, Request(breakLock: true));
        Assert.Null(error);
        Assert.True(runner.IndexOf("docker config rm superdeploy-lock-api") < runner.IndexOf("docker config create --label superdeploy.lock.holder"));
        Assert.Contains(output.Warnings, w => w.Contains("dead@ci pid 1"));
    }

    [Fact]
    public async Task ALocalEngineWithoutSwarmIsInitialised()
    {
        var runner = Engine().On("docker info", "inactive\tfalse\n");
        var (_, _, _, error) = await Deploy(runner);
        Assert.Null(error);
        Assert.True(runner.IndexOf("docker swarm init --advertise-addr 127.0.0.1") < runner.IndexOf("docker network ls"));
    }

    [Fact]
    public async Task ARemoteEngineWithoutSwarmIsAnErrorAndNothingIsDeployed()
    {
        var runner = new FakeRunner { IsLocal = false };
        var engine = Engine();
        runner.On("", c => engine.RunAsync(c, null, CancellationToken.None).Result).On("docker info", "inactive\tfalse\n");
        var (_, _, _, error) = await Deploy(runner);
        Assert.Equal(ErrorCodes.RemoteSwarmInactive, error?.Code);
        Assert.False(runner.HasRun("docker swarm init"));
        Assert.False(runner.HasRun("docker stack deploy"));
    }

    [Fact]
    public async Task AMissingNetworkIsCreated()
    {
        var runner = Engine().On("docker network ls", "demo-net-other\n");
        await Deploy(runner);
        Assert.True(runner.HasRun("docker network create --driver overlay --attachable --label superdeploy.project=demo demo-net"));
    }

    [Fact]
    public async Task AChangedEdgeIsRedeployedWithItsHash()
    {
        var runner = Engine().On("docker service inspect --format {{index .Spec.Labels \"superdeploy.edge-hash\"}}", "stale\n");
        var (_, output, _, _) = await Deploy(runner);
        var edge = runner.All("docker stack deploy").Single(c => c.Argv[^1] == "demo-edge");
        Assert.Contains($"superdeploy.edge-hash: \"{EdgeManager.Hash(Edge.StackYaml)}\"", edge.Stdin);
        Assert.Contains(output.Lines, l => l.StartsWith("  ✓ edge updated"));
    }

    [Fact]
    public async Task ALiveScaleSurvivesARedeploy()
    {
        // Someone ran `docker service scale api_api-web=5`; the project file still says 2, as at the last deploy.
        var runner = Engine(liveReplicas: name => name == "api_api-web" ? 5 : 1);
        var (_, output, _, error) = await Deploy(runner);
        Assert.Null(error);
        Assert.Contains("  web: keeping live scale 5 (project file: 2)", output.Lines);
        var stdin = runner.All("docker stack deploy").Single(c => c.Argv[^1] == "api").Stdin!;
        Assert.Contains("replicas: 5", stdin);
        Assert.Contains("superdeploy.declared-replicas: \"2\"", stdin);
        Assert.DoesNotContain("replicas: 2", stdin);
    }

    [Fact]
    public async Task AChangedProjectFileWinsOverALiveScale()
    {
        var runner = Engine(liveReplicas: name => name == "api_api-web" ? 5 : 1);
        var (_, output, _, _) = await Deploy(runner, Request(app: TestApps.Api(webReplicas: 3)));
        Assert.DoesNotContain(output.Lines, l => l.Contains("keeping live scale"));
        var stdin = runner.All("docker stack deploy").Single(c => c.Argv[^1] == "api").Stdin!;
        Assert.Contains("replicas: 3", stdin);
        Assert.Contains("superdeploy.declared-replicas: \"3\"", stdin);
    }

    [Fact]
    public async Task AMissingRootCaddyfileConfigIsCreatedBeforeTheEdgeStack()
    {
        var runner = Engine()
            .On("docker service ls --filter label=com.docker.stack.namespace=demo-edge", "")
            .Fail("docker config inspect --format {{.Spec.Name}}", 1, "Error response from daemon: config not found");
        var (_, output, _, error) = await Deploy(runner);
        Assert.Null(error);
        var create = runner.All("docker config create --label superdeploy.project=demo " + Edge.CaddyfileConfigName).Single();
        Assert.Equal(Edge.Caddyfile, create.Stdin);
        Assert.True(runner.IndexOf("docker config create --label superdeploy.project=demo " + Edge.CaddyfileConfigName)
            < runner.IndexOf("docker stack deploy --compose-file - --prune --with-registry-auth --resolve-image always --detach=true demo-edge"));
        Assert.Contains(output.Lines, l => l.StartsWith("  ✓ edge deployed"));
    }

    [Fact]
    public void TheEdgePublishesTheConfiguredPorts()
    {
        Assert.Contains("published: 18080", Edge.StackYaml);
        Assert.Contains("published: 18443", Edge.StackYaml);
        Assert.DoesNotContain("published: 80\n", Edge.StackYaml);
    }

    [Fact]
    public async Task ACaddyThatRejectsTheSiteGetsThePreviousOneBack()
    {
        var runner = Engine()
            .On("docker exec edgecontainer cat", "http://api.demo.localhost {\n\told\n}\n")
            .Fail("docker exec edgecontainer caddy reload", 1, "Error: adapting config using caddyfile: unrecognized directive");
        var (_, _, _, error) = await Deploy(runner);
        Assert.Equal(ErrorCodes.EdgeReloadFailed, error?.Code);
        var writes = runner.All("docker exec -i edgecontainer tee").Select(c => c.Stdin!).ToArray();
        Assert.Equal(["http://api.demo.localhost {\n}\n", "http://api.demo.localhost {\n\told\n}\n"], writes);
    }

    [Fact]
    public async Task AnAppWithoutReleaseSkipsTheStep()
    {
        var (runner, output, _, error) = await Deploy(Engine(), Request(app: TestApps.Api(withRelease: false)));
        Assert.Null(error);
        Assert.False(runner.HasRun("docker service create"));
        Assert.DoesNotContain(output.Lines, l => l.StartsWith("  ✓ release"));
    }
}
