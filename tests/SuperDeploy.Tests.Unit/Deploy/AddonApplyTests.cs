using SuperDeploy.Deploy;
using SuperDeploy.Deploy.Commands;
using SuperDeploy.Deploy.Execution;
using SuperDeploy.Deploy.Nodes;
using SuperDeploy.Generators;
using SuperDeploy.Model;
using SuperDeploy.Tests.Unit.Addons;
using SuperDeploy.Validation;

namespace SuperDeploy.Tests.Unit.Deploy;

/// <summary>SuperDeployAddonApply: its commands as data, what it shows, what it refuses, and the redeploy of one addon's stack.</summary>
public class AddonApplyTests
{
    private static readonly AddonDefinition Redis = AddonTestModels.Redis;
    private static readonly AddonDefinition Postgres = AddonTestModels.Postgres;
    private const string RedisService = "cheapa-addon-cache-main_cache-main";

    /// <summary>What <see cref="AddonCommands.RunningFormat"/> prints for a running addon.</summary>
    private static string Running(string spec, string image, string memory, string nanoCpus, string ports = "", string constraints = "node.role == manager;") =>
        $"{spec}\t{image}\t{memory}\t{nanoCpus}\t{ports}\t{constraints}\n";

    /// <summary>Redis as it ran before its Memory went from 128M to the declared 256M.</summary>
    private static readonly string OldRedis = Running("0123456789abcdef0123", "redis:7", (128L * 1024 * 1024).ToString(), "500000000");

    [Fact]
    public void CommandsAsArgv()
    {
        Assert.Equal(["docker", "service", "inspect", "--format",
            "{{index .Spec.Labels \"superdeploy.addon-spec\"}}\t{{.Spec.TaskTemplate.ContainerSpec.Image}}" +
            "\t{{with .Spec.TaskTemplate.Resources}}{{with .Limits}}{{.MemoryBytes}}{{end}}{{end}}" +
            "\t{{with .Spec.TaskTemplate.Resources}}{{with .Limits}}{{.NanoCPUs}}{{end}}{{end}}" +
            "\t{{with .Spec.EndpointSpec}}{{range .Ports}}{{.PublishedPort}} {{end}}{{end}}" +
            "\t{{with .Spec.TaskTemplate.Placement}}{{range .Constraints}}{{.}};{{end}}{{end}}",
            RedisService], AddonCommands.Running(Redis).Argv);
        Assert.Equal(["docker", "service", "inspect", "--format", "{{json .Spec.TaskTemplate}} {{json .Spec.EndpointSpec}}", RedisService],
            AddonCommands.TaskSpec(Redis).Argv);
    }

    [Fact]
    public void TheChangedSettingsAreShownOldAgainstNew()
    {
        var running = RunningAddon.Parse(Running("sha256:x", "redis:6@sha256:abc", "134217728", "", "16379 "));
        Assert.Equal(["image: redis:6 -> redis:7", "memory: 128M -> 256M", "cpus: none -> 0.5", "published port: 16379 -> none"],
            AddonApply.Changes(running, Redis, nodesDeclared: false).Select(c => c.ToString()));

        var pinned = Redis with { Vm = "cache" };
        Assert.Equal(["placement: node.role == manager -> node.labels.superdeploy.role.cache == true"],
            AddonApply.Changes(RunningAddon.Parse(Running("sha256:x", "redis:7", "268435456", "500000000")), pinned, nodesDeclared: true)
                .Select(c => c.ToString()));
    }

    [Theory]
    [InlineData("postgres:15", "postgres:16", "16", true)]
    [InlineData("postgres:16.2", "postgres:16.4-alpine", "16", false)]
    // The declared image's tag decides, not Version (Image overrides it; the offline test image is postgres:15 declared as 16).
    [InlineData("127.0.0.1:5000/superdeploy/postgres:15", "127.0.0.1:5000/superdeploy/postgres:15", "16", false)]
    // No major in the tag: the declared Version's; none in the running tag: cannot tell, not refused.
    [InlineData("postgres:15", "mirror/postgres:latest", "16", true)]
    [InlineData("postgres:latest", "postgres:16", "16", false)]
    public void APostgresMajorChangeIsFoundInTheImageTags(string runningImage, string declaredImage, string version, bool refused)
    {
        var running = RunningAddon.Parse(Running("sha256:x", runningImage, "", ""));
        Assert.Equal(refused, AddonApply.PostgresMajorChange(running, Postgres with { Image = declaredImage, Version = version }) is not null);
    }

    [Fact]
    public async Task AnUnchangedAddonHasNothingToApply()
    {
        var runner = new FakeRunner().On("docker service inspect --format {{index", Running(AddonStackGenerator.SpecHash(Redis), "redis:7", "268435456", "500000000"));
        var line = await new AddonApply(Target(runner, new ListOutput())).ApplyAsync(Redis, confirmed: true, TimeSpan.FromMinutes(1));
        Assert.Equal("addon cache.main unchanged: the running service is its declaration, nothing to apply", line);
        Assert.Single(runner.Ran);
    }

    [Fact]
    public async Task AnAddonNotDeployedOrNotDeclaredIsAnError()
    {
        var runner = new FakeRunner().Fail("docker service inspect", 1, "no such service");
        var error = await Assert.ThrowsAsync<DeployException>(() =>
            new AddonApply(Target(runner, new ListOutput())).ApplyAsync(Redis, confirmed: true, TimeSpan.FromMinutes(1)));
        Assert.Equal(ErrorCodes.AddonApplyInvalid, error.Code);
        Assert.False(runner.HasRun("docker stack deploy"));

        Assert.Same(Redis, AddonApply.Find(AddonTestModels.Shop, "cache.main"));
        Assert.Equal(ErrorCodes.AddonApplyInvalid, Assert.Throws<DeployException>(() => AddonApply.Find(AddonTestModels.Shop, "nope")).Code);
        Assert.Equal(ErrorCodes.AddonApplyInvalid, Assert.Throws<DeployException>(() => AddonApply.Find(AddonTestModels.Shop, " ")).Code);
    }

    [Fact]
    public async Task WithoutConfirmItShowsTheChangeAndChangesNothing()
    {
        var runner = new FakeRunner().On("docker service inspect --format {{index", OldRedis);
        var output = new ListOutput();
        var error = await Assert.ThrowsAsync<DeployException>(() =>
            new AddonApply(Target(runner, output)).ApplyAsync(Redis, confirmed: false, TimeSpan.FromMinutes(1)));
        Assert.Equal(ErrorCodes.AddonApplyNotConfirmed, error.Code);
        Assert.Equal([$"  addon cache.main ({RedisService}) differs from its declaration: spec 0123456789ab -> {AddonStackGenerator.SpecHash(Redis)[..12]}",
            "    memory: 128M -> 256M"], output.Lines);
        Assert.Contains(output.Details, d => d.Contains("--maxmemory"));
        // Only reads: the running service and its task.
        Assert.Equal(["docker service inspect", "docker service ps"], runner.Ran.Select(c => string.Join(" ", c.Argv.Take(3))));
    }

    [Fact]
    public async Task APostgresMajorVersionChangeIsRefusedEvenConfirmed()
    {
        var runner = new FakeRunner().On("docker service inspect --format {{index", Running("sha256:x", "postgres:15", "1073741824", ""));
        var error = await Assert.ThrowsAsync<DeployException>(() =>
            new AddonApply(Target(runner, new ListOutput())).ApplyAsync(Postgres, confirmed: true, TimeSpan.FromMinutes(1)));
        Assert.Equal(ErrorCodes.AddonApplyPostgresMajor, error.Code);
        Assert.Single(runner.Ran);
    }

    [Fact]
    public async Task ConfirmedItRedeploysOnlyThatStackThenWaitsForTheNewTaskHealthy()
    {
        var taskReads = 0;
        var specReads = 0;
        var runner = new FakeRunner()
            .On("docker version", "27.3.1\n")
            .On("docker service inspect --format {{index", OldRedis)
            .On("docker service inspect --format {{.Spec.Name}}", $"{RedisService}\t1\t\tcompleted\t1700000000\tredis:7\t1700000000\t1700000000\t\n")
            .On("docker service inspect --format {{json", _ => CommandResult.Ok(++specReads == 1 ? "{\"old\":1} {}\n" : "{\"new\":1} {}\n"))
            .On("docker service ps --no-trunc --filter desired-state=running", _ => CommandResult.Ok(++taskReads <= 2
                ? $"old1\t{RedisService}.1\tredis:7\tRunning 2 hours ago\t\tnode1\n"
                : $"new1\t{RedisService}.1\tredis:7\tRunning 1 second ago\t\tnode1\n"));
        var clock = new FakeClock();
        var line = await new AddonApply(new Target(runner, new ListOutput(), clock, CancellationToken.None)).ApplyAsync(Redis, confirmed: true, TimeSpan.FromMinutes(1));

        Assert.Equal("addon cache.main applied: restarted with memory: 128M -> 256M, healthy", line);
        var deploy = Assert.Single(runner.All("docker stack deploy"));
        Assert.Equal(["docker", "stack", "deploy", "--compose-file", "-", "--prune", "--with-registry-auth", "--resolve-image", "never",
            "--detach=true", "cheapa-addon-cache-main"], deploy.Argv);
        Assert.Equal(AddonStackGenerator.Generate(Redis), deploy.Stdin);
        // Same secrets: nothing created, nothing read.
        Assert.False(runner.HasRun("docker secret"));
        Assert.False(runner.HasRun("docker exec"));
        // It polled until the old task was gone, then until the new one ran.
        Assert.True(taskReads >= 4);
        Assert.True(runner.IndexOf("docker stack deploy") < runner.Ran.FindLastIndex(c => FakeRunner.Text(c).StartsWith("docker service ps", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task WhenOnlyLabelsChangedNothingRestartsAndNothingIsAwaited()
    {
        var runner = new FakeRunner()
            .On("docker service inspect --format {{index", Running("sha256:x", "redis:7", "268435456", "500000000"))
            .On("docker service inspect --format {{json", "{\"same\":1} {}\n")
            .On("docker service ps --no-trunc --filter desired-state=running", $"old1\t{RedisService}.1\tredis:7\tRunning 2 hours ago\t\tnode1\n");
        var line = await new AddonApply(Target(runner, new ListOutput())).ApplyAsync(Redis, confirmed: true, TimeSpan.FromMinutes(1));
        Assert.Equal("addon cache.main applied: labels only, not restarted", line);
        Assert.True(runner.HasRun("docker stack deploy"));
        Assert.Single(runner.All("docker service ps"));
    }

    [Fact]
    public void ANodeMeetsThePlacementsTheAddonStackWrites()
    {
        var labels = new Dictionary<string, string> { ["superdeploy.role.db"] = "true" };
        var manager = new SwarmNode("id1", "vm1", "manager", "active", "ready", "10.0.0.1", labels);
        var worker = new SwarmNode("id2", "vm2", "worker", "active", "ready", "10.0.0.2", new Dictionary<string, string>());
        Assert.True(AddonApply.Satisfies(manager, ["node.role == manager"]));
        Assert.False(AddonApply.Satisfies(worker, ["node.role == manager"]));
        Assert.True(AddonApply.Satisfies(manager, ["node.labels.superdeploy.role.db == true"]));
        Assert.False(AddonApply.Satisfies(worker, ["node.labels.superdeploy.role.db == true"]));
        Assert.True(AddonApply.Satisfies(worker, ["node.labels.superdeploy.role.db != true", "node.hostname == vm2"]));
        Assert.False(AddonApply.Satisfies(manager, ["engine.labels.x == y"]));
    }

    [Theory]
    [InlineData("{}", ErrorCodes.AddonApplyMovesVolume)]
    [InlineData("{\"superdeploy.role.cache\":\"true\"}", ErrorCodes.AddonApplyNotConfirmed)]
    public async Task APlacementThatExcludesTheVolumesNodeIsRefused(string nodeLabels, string code)
    {
        var pinned = Redis with { Vm = "cache" };
        var runner = new FakeRunner()
            .On("docker service inspect --format {{index", Running("x", "redis:7", "268435456", "500000000"))
            .On("docker service ps --no-trunc --filter desired-state=running", $"old1\t{RedisService}.1\tredis:7\tRunning 2 hours ago\t\tvm2\n")
            .On("docker node inspect", $"id2\tvm2\tworker\tactive\tready\t10.0.0.2\t{nodeLabels}\n");
        var error = await Assert.ThrowsAsync<DeployException>(() =>
            new AddonApply(Target(runner, new ListOutput())) { NodesDeclared = true }.ApplyAsync(pinned, confirmed: false, TimeSpan.FromMinutes(1)));
        Assert.Equal(code, error.Code);
        Assert.Equal(["docker", "node", "inspect", "--format",
            "{{.ID}}\t{{.Description.Hostname}}\t{{.Spec.Role}}\t{{.Spec.Availability}}\t{{.Status.State}}\t{{.Status.Addr}}\t{{json .Spec.Labels}}", "vm2"],
            Assert.Single(runner.All("docker node inspect")).Argv);
        Assert.False(runner.HasRun("docker stack deploy"));
    }

    [Fact]
    public void TheDeploysWarningPointsAtTheApplyTarget()
    {
        var warning = DeployErrors.Format(nameof(SuperDeploy.Resources.Strings.AddonSpecChanged), "databases.primary", "svc");
        Assert.StartsWith(ErrorCodes.AddonSpecChanged + ":", warning);
        Assert.Contains("-t:SuperDeployAddonApply -p:Addon=databases.primary -p:Confirm=true", warning);
    }

    private static Target Target(FakeRunner runner, ListOutput output) => new(runner, output, new FakeClock(), CancellationToken.None);
}
