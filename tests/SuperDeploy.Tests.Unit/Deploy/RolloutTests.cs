using SuperDeploy.Deploy;
using SuperDeploy.Deploy.Commands;
using SuperDeploy.Deploy.Execution;
using SuperDeploy.Model;

namespace SuperDeploy.Tests.Unit.Deploy;

/// <summary>DependsOn layers and unchanged deploys, against a fake engine that remembers what each stack deploy declared.</summary>
public class RolloutTests
{
    private const string OldImage = "127.0.0.1:5000/demo/api:old";
    private const string NewImage = "127.0.0.1:5000/demo/api:new";
    private const string Web = "api_api-web", Worker = "api_api-worker", Tick = "api_api-tick";
    private static readonly EdgeDefinition Edge = EdgeDefinition.Create("demo", "demo-net", "caddy:2.11", 18080, 18443);
    private static readonly string[] Live = [Web, Worker, Tick];

    /// <summary>The sample with `worker DependsOn="web"`.</summary>
    private static AppDefinition WorkerAfterWeb(string dependsOn = "web") => Depends(TestApps.Api(), ("worker", dependsOn));

    private static AppDefinition Depends(AppDefinition app, params (string Process, string On)[] edges) => app with
    {
        Processes = app.Processes.Select(p => edges.Any(e => e.Process == p.Name)
            ? p with { DependsOn = edges.Where(e => e.Process == p.Name).Select(e => e.On).ToArray() }
            : p).ToArray(),
    };

    /// <summary>
    /// api runs `old` with web 2, worker 1, tick 1. A service runs `new`, converged, from the first stack deploy whose
    /// file declares it.
    /// </summary>
    private sealed class Engine
    {
        private readonly HashSet<string> _updated = [];

        /// <param name="liveHash">The stack hash label on the live services; when set, they already run `new`.</param>
        /// <param name="liveProject">The project label on the live services (the app's own by default).</param>
        public Engine(string? liveHash = null, string liveProject = "demo")
        {
            if (liveHash is not null) _updated.UnionWith(Live);
            Runner = new FakeRunner()
                .On("docker info", "active\ttrue\n")
                .On("docker version", "28.2.2\n")
                .On("docker network ls", "demo-net\n")
                .On("docker service ls --filter label=com.docker.stack.namespace=demo-edge", "demo-edge_caddy\n")
                .On("docker service inspect --format {{index .Spec.Labels \"superdeploy.edge-hash\"}}", EdgeManager.Hash(Edge.StackYaml) + "\n")
                .On("docker service ls --filter label=com.docker.stack.namespace=api", string.Join("\n", Live) + "\n")
                .On("docker service ps --no-trunc --quiet api-release-new", "task1\n")
                .On("docker inspect --type task", "complete\t0\t\n")
                .On("docker service logs --raw api-release-new", "release: ran\n")
                .On("docker stack deploy", c =>
                {
                    if (c.Argv[^1] == "api")
                    {
                        foreach (var service in Live)
                            if (c.Stdin!.Contains($"\n  {service["api_".Length..]}:\n")) _updated.Add(service);
                    }
                    return CommandResult.Ok();
                })
                .On("docker service inspect --format " + ServiceCommands.InspectFormat, c => CommandResult.Ok(string.Concat(Names(c).Select(s =>
                    _updated.Contains(s)
                        ? $"{s}\t{Replicas(s)}\t{Replicas(s)}\tcompleted\t1738324900\t{NewImage}@sha256:1\t1738324900\t1738320000\t\n"
                        : $"{s}\t{Replicas(s)}\t{Replicas(s)}\tcompleted\t1738324000\t{OldImage}@sha256:0\t1738324000\t1738320000\t\n"))))
                .On("docker service inspect --format " + RolloutCommands.StackHashes([]).Argv[4], c =>
                    CommandResult.Ok(string.Concat(Names(c).Select(s => $"{s}\t{liveHash}\t{liveProject}\n"))))
                .On("docker service ps --no-trunc --filter desired-state=running", c => CommandResult.Ok(string.Concat(Names(c).SelectMany(s =>
                    Enumerable.Range(1, Replicas(s)).Select(i =>
                        $"t{s}{i}\t{s}.{i}\t{(_updated.Contains(s) ? NewImage : OldImage)}@sha256:0\tRunning 2 seconds ago\t\tnode1\n")))))
                .On("docker ps --filter label=com.docker.swarm.service.name=demo-edge_caddy", "edgecontainer\n")
                .On("docker exec edgecontainer cat", "http://api.demo.localhost {\n}\n")
                .On("docker config inspect --format {{.Spec.Name}}", "demo-edge-caddyfile-0123\n")
                .On("docker config ls", "");
        }

        public FakeRunner Runner { get; }

        private static int Replicas(string service) => service == Web ? 2 : 1;

        /// <summary>The service names a `service inspect` or `service ps` names after its options.</summary>
        private static IEnumerable<string> Names(Command command) => command.Argv.Where(a => a.StartsWith("api_", StringComparison.Ordinal));
    }

    private static DeployRequest Request(AppDefinition app, bool imageBuilt = true, bool force = false) =>
        new(app, NewImage, "new", "abc123", ImageInRegistry: true, TestApps.Stack, Edge, "http://api.demo.localhost {\n}\n",
            new DeploySettings(TimeSpan.FromSeconds(300), TimeSpan.FromSeconds(300), false, "me@laptop pid 1"))
        {
            ImageBuilt = imageBuilt,
            Force = force,
        };

    private static async Task<ListOutput> Deploy(FakeRunner runner, DeployRequest request)
    {
        var output = new ListOutput();
        await new Deployer(runner, output, new FakeClock(), CancellationToken.None).DeployAsync(request);
        return output;
    }

    /// <summary>The stack deploys and convergence polls, in order, as `deploy &lt;prune?&gt; &lt;services in the file&gt;` and `wait &lt;services&gt;`.</summary>
    private static List<string> Rollout(FakeRunner runner)
    {
        var steps = new List<string>();
        foreach (var command in runner.Ran)
        {
            var text = FakeRunner.Text(command);
            if (text.StartsWith("docker stack deploy", StringComparison.Ordinal) && command.Argv[^1] == "api")
            {
                var declared = Live.Where(s => command.Stdin!.Contains($"\n  {s["api_".Length..]}:\n")).Select(s => s["api_api-".Length..]);
                steps.Add($"deploy{(command.Argv.Contains("--prune") ? " --prune" : "")} {string.Join(" ", declared)}");
            }
            else if (text.StartsWith("docker service ps --no-trunc --filter desired-state=running", StringComparison.Ordinal))
            {
                steps.Add("wait " + string.Join(" ", command.Argv.Where(a => a.StartsWith("api_", StringComparison.Ordinal)).Select(s => s["api_api-".Length..])));
            }
        }
        return steps;
    }

    [Theory]
    [InlineData("shop")]
    [InlineData("")]
    public async Task AStackOfTheSameNameFromAnotherProjectIsNeverReplaced(string otherProject)
    {
        var engine = new Engine(liveProject: otherProject);
        var error = await Assert.ThrowsAsync<DeployException>(() => Deploy(engine.Runner, Request(TestApps.Api())));

        Assert.Equal("SD3026", error.Code);
        Assert.Contains(otherProject.Length == 0 ? "no SuperDeploy project" : "project 'shop'", error.Message);
        Assert.Empty(Rollout(engine.Runner));
        Assert.DoesNotContain(engine.Runner.Ran, c => FakeRunner.Text(c).StartsWith("docker service create", StringComparison.Ordinal));
        Assert.Equal("docker config rm superdeploy-lock-api", FakeRunner.Text(engine.Runner.Ran[^1]));
    }

    [Fact]
    public void WithoutDependsOnEveryServiceIsInOneLayer()
    {
        var layers = DeployLayers.Of(TestApps.Api());
        Assert.Equal([["web", "worker", "tick"]], layers.Select(l => l.Select(p => p.Name).ToArray()));
    }

    [Fact]
    public void DependsOnMakesLayersAndTheReleaseIsNeverOne()
    {
        var app = Depends(TestApps.Api(), ("worker", "web"), ("tick", "worker"), ("web", "release"));
        Assert.Equal([["web"], ["worker"], ["tick"]], DeployLayers.Of(app).Select(l => l.Select(p => p.Name).ToArray()));

        var diamond = Depends(TestApps.Api(), ("worker", "web"), ("tick", "web"));
        Assert.Equal([["web"], ["worker", "tick"]], DeployLayers.Of(diamond).Select(l => l.Select(p => p.Name).ToArray()));
    }

    [Fact]
    public async Task WithoutDependsOnThereIsExactlyOneStackDeploy()
    {
        var engine = new Engine();
        var output = await Deploy(engine.Runner, Request(TestApps.Api()));

        Assert.Equal(["deploy --prune web worker tick", "wait web worker tick", "wait web worker tick"], Rollout(engine.Runner));
        Assert.Single(output.Lines, l => l.StartsWith("  ✓ stack deploy ("));
        Assert.Single(output.Lines, l => l.StartsWith("  ✓ healthy ("));
    }

    [Fact]
    public async Task AProcessStartsUpdatingOnlyAfterWhatItDependsOnIsHealthy()
    {
        var engine = new Engine();
        var output = await Deploy(engine.Runner, Request(WorkerAfterWeb()));

        // Layer 1 (web, tick) without --prune: the worker keeps running its old image and settings; then the worker.
        // The last poll is the ps table.
        Assert.Equal(
            ["deploy web tick", "wait web tick", "deploy --prune web worker tick", "wait worker", "wait web worker tick"],
            Rollout(engine.Runner));
        Assert.True(engine.Runner.IndexOf("docker service create --mode replicated-job") < engine.Runner.IndexOf("docker stack deploy --compose-file - --with-registry-auth"));
        string[] steps = output.Lines.Where(l => l.StartsWith("  ✓ stack deploy") || l.StartsWith("  ✓ healthy"))
            .Select(l => l[..l.LastIndexOf(" (", StringComparison.Ordinal)]).ToArray();
        Assert.Equal(
        [
            "  ✓ stack deploy web, tick (layer 1 of 2)", "  ✓ healthy (layer 1 of 2)",
            "  ✓ stack deploy worker (layer 2 of 2)", "  ✓ healthy (layer 2 of 2)",
        ], steps);
    }

    [Fact]
    public async Task ANewServiceOfALaterLayerAppearsOnlyInItsLayer()
    {
        // The worker is new: not running yet, so the first file simply leaves it out (no --prune: nothing is removed).
        var engine = new Engine();
        engine.Runner.On("docker service ls --filter label=com.docker.stack.namespace=api", $"{Web}\n{Tick}\n");
        await Deploy(engine.Runner, Request(WorkerAfterWeb()));

        Assert.Equal(["deploy web tick", "wait web tick", "deploy --prune web worker tick", "wait worker"], Rollout(engine.Runner)[..4]);
    }

    [Fact]
    public async Task EveryLayerCarriesTheHashOfTheWholeStackFile()
    {
        var engine = new Engine();
        await Deploy(engine.Runner, Request(WorkerAfterWeb()));

        var files = engine.Runner.All("docker stack deploy").Where(c => c.Argv[^1] == "api").Select(c => c.Stdin!).ToArray();
        var hashes = files.Select(f => System.Text.RegularExpressions.Regex.Matches(f, "superdeploy.stack-hash: \"([0-9a-f]+)\"")
            .Select(m => m.Groups[1].Value).Distinct().Single()).ToArray();
        Assert.Equal(2, hashes.Length);
        Assert.Equal(hashes[0], hashes[1]);
    }

    private static async Task<string> DeployedHash(AppDefinition app)
    {
        var first = new Engine();
        await Deploy(first.Runner, Request(app));
        var file = first.Runner.All("docker stack deploy").Last(c => c.Argv[^1] == "api").Stdin!;
        return System.Text.RegularExpressions.Regex.Match(file, "superdeploy.stack-hash: \"([0-9a-f]+)\"").Groups[1].Value;
    }

    [Fact]
    public async Task AnUnchangedDeployReleasesRestartsAndRecordsNothing()
    {
        var hash = await DeployedHash(TestApps.Api());
        var engine = new Engine(liveHash: hash);

        var output = await Deploy(engine.Runner, Request(TestApps.Api(), imageBuilt: false));

        Assert.DoesNotContain(Rollout(engine.Runner), s => s.StartsWith("deploy", StringComparison.Ordinal));
        Assert.False(engine.Runner.HasRun("docker service create"));
        Assert.False(engine.Runner.HasRun("docker config create --label superdeploy.project=demo --label superdeploy.app=api"));
        Assert.Contains(output.Lines, l => l.StartsWith("  ✓ unchanged: new already deployed and healthy"));
        Assert.Contains(output.Lines, l => l.StartsWith("  ✓ route api.demo.localhost"));
        Assert.Equal("docker config rm superdeploy-lock-api", FakeRunner.Text(engine.Runner.Ran[^1]));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task ARebuiltImageOrForceDeploysAgain(bool imageBuilt, bool force)
    {
        var hash = await DeployedHash(TestApps.Api());
        var engine = new Engine(liveHash: hash);

        await Deploy(engine.Runner, Request(TestApps.Api(), imageBuilt, force));

        Assert.Contains("deploy --prune web worker tick", Rollout(engine.Runner));
        Assert.True(engine.Runner.HasRun("docker service create --mode replicated-job"));
    }

    [Fact]
    public async Task AChangedProjectFileDeploysAgain()
    {
        var hash = await DeployedHash(TestApps.Api());
        var engine = new Engine(liveHash: hash);

        await Deploy(engine.Runner, Request(TestApps.Api(webReplicas: 3), imageBuilt: false));

        Assert.Contains("deploy --prune web worker tick", Rollout(engine.Runner));
    }
}
