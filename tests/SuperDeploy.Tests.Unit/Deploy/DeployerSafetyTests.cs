using SuperDeploy.Deploy;
using SuperDeploy.Deploy.Commands;
using SuperDeploy.Deploy.Execution;
using SuperDeploy.Validation;

namespace SuperDeploy.Tests.Unit.Deploy;

/// <summary>Rollback, stale locks, reverting a failed deploy, pruning old releases: the Deployer against a fake engine.</summary>
public partial class DeployerTests
{
    private const string OlderImage = "127.0.0.1:5000/demo/api:older";
    private const string HistoryList = "docker config ls --filter label=superdeploy.app=api --filter name=superdeploy-release-api-";

    private static string Record(int minute, string image) =>
        $"superdeploy-release-api-202501311{minute:D3}00\t{image}\t{ServiceState.TagOf(image)}\tc{minute}\t2025-01-31T1{minute / 60}:{minute % 60:D2}:00Z\n";

    /// <summary>Services converge on <paramref name="image"/> after the stack deploy (instead of NewImage).</summary>
    private static FakeRunner ConvergingOn(FakeRunner runner, string image) => runner
        .On("docker service inspect --format " + ServiceCommands.InspectFormat, _ => CommandResult.Ok(string.Concat(Services.Select(s =>
            ServiceLine(s, s == "api_api-web" ? 2 : 1, s == "api_api-web" ? 2 : 1, "completed",
                StackDeployed(runner) ? 1738324900 : 1738324000, StackDeployed(runner) ? image : OldImage) + "\n"))))
        .On("docker service ps --no-trunc --filter desired-state=running", _ => CommandResult.Ok(string.Concat(Services.SelectMany(s =>
            Enumerable.Range(1, s == "api_api-web" ? 2 : 1).Select(i =>
                $"t{s}{i}\t{s}.{i}\t{(StackDeployed(runner) ? image : OldImage)}@sha256:0123\tRunning 2 seconds ago\t\tnode1\n")))));

    private static DeployRequest Rollback(string? release = null, bool runRelease = false) =>
        Request() with { Image = "", ImageTag = "", Commit = null, Rollback = new RollbackRequest(release, runRelease) };

    [Fact]
    public async Task ARollbackDeploysThePreviousReleaseWithoutRunningTheReleaseAndRecordsIt()
    {
        var runner = ConvergingOn(Engine(), OlderImage).On(HistoryList, Record(1, OlderImage) + Record(2, OldImage));
        var (_, output, _, error) = await Deploy(runner, Rollback());

        Assert.Null(error);
        Assert.Equal("Rolling back api on the local Docker engine", output.Lines[0]);
        Assert.Contains(output.Lines, l => l.StartsWith("  ✓ rollback to older from old (release of 2025-01-31T10:01:00Z)"));
        Assert.False(runner.HasRun("docker service create --mode replicated-job"));
        var stack = runner.All("docker stack deploy").Single(c => c.Argv[^1] == "api");
        Assert.Contains("image: " + OlderImage, stack.Stdin);
        var record = runner.All("docker config create --label superdeploy.project=demo --label superdeploy.app=api").Single();
        Assert.Contains("superdeploy.image=" + OlderImage, record.Argv);
        Assert.Contains("superdeploy.commit=c1", record.Argv);
        // Chosen under the lock, routed like a deploy, and the lock released at the end.
        Assert.True(runner.IndexOf("docker config create --label superdeploy.lock.holder") < runner.IndexOf(HistoryList));
        Assert.True(runner.HasRun("docker exec edgecontainer caddy reload"));
        Assert.Equal("docker config rm superdeploy-lock-api", FakeRunner.Text(runner.Ran[^1]));
    }

    [Fact]
    public async Task ARollbackRunsTheReleaseOnlyWhenAsked()
    {
        var runner = ConvergingOn(Engine(), OlderImage).On(HistoryList, Record(1, OlderImage) + Record(2, OldImage))
            .On("docker service ps --no-trunc --quiet api-release-older", "task1\n");
        var (_, _, _, error) = await Deploy(runner, Rollback(runRelease: true));
        Assert.Null(error);
        var job = runner.All("docker service create --mode replicated-job").Single();
        Assert.Contains(OlderImage, job.Argv);
    }

    [Fact]
    public async Task ANamedReleaseIsFoundByTag()
    {
        const string oldest = "127.0.0.1:5000/demo/api:oldest";
        var runner = ConvergingOn(Engine(), oldest).On(HistoryList, Record(1, oldest) + Record(2, OlderImage) + Record(3, OldImage));
        var (_, _, _, error) = await Deploy(runner, Rollback(release: "oldest"));
        Assert.Null(error);
        Assert.Contains("image: " + oldest, runner.All("docker stack deploy").Single(c => c.Argv[^1] == "api").Stdin);
    }

    [Fact]
    public async Task AnUnknownReleaseIsAnErrorAndNothingIsDeployed()
    {
        var runner = Engine().On(HistoryList, Record(1, OlderImage) + Record(2, OldImage));
        var (_, _, _, error) = await Deploy(runner, Rollback(release: "v9"));
        Assert.Equal(ErrorCodes.RollbackReleaseUnknown, error?.Code);
        Assert.Contains("'v9'", error!.Message);
        Assert.Contains("old (2025-01-31T10:02:00Z), older (2025-01-31T10:01:00Z)", error.Message);
        Assert.False(runner.HasRun("docker stack deploy"));
        Assert.Equal("docker config rm superdeploy-lock-api", FakeRunner.Text(runner.Ran[^1]));
    }

    [Fact]
    public async Task WithOneReleaseThereIsNothingToRollBackTo()
    {
        var runner = Engine().On(HistoryList, Record(2, OldImage));
        var (_, _, _, error) = await Deploy(runner, Rollback());
        Assert.Equal(ErrorCodes.NothingToRollBack, error?.Code);
        Assert.False(runner.HasRun("docker stack deploy"));
    }

    [Fact]
    public async Task AStaleLockIsReportedAtOnceWithItsAgeAndNotWaitedFor()
    {
        var runner = Engine()
            .Fail("docker config create --label superdeploy.lock.holder", 1, "config superdeploy-lock-api already exists")
            .On("docker config inspect", "dead@ci pid 1\t2025-01-31T09:00:00Z\n");
        var (_, _, clock, error) = await Deploy(runner);

        Assert.Equal(ErrorCodes.DeployLockHeld, error?.Code);
        Assert.Contains("dead@ci pid 1", error!.Message);
        Assert.Contains("3 h 0 min ago", error.Message);
        Assert.Contains("SuperDeployBreakLock=true", error.Message);
        Assert.Equal(TimeSpan.Zero, clock.Waited);
        Assert.False(runner.HasRun("docker info"));
        Assert.False(runner.HasRun("docker config rm"));
    }

    [Fact]
    public async Task AYoungLockIsWaitedForAndItsAgeShown()
    {
        var runner = Engine()
            .Fail("docker config create --label superdeploy.lock.holder", 1, "config superdeploy-lock-api already exists")
            .On("docker config inspect", "ci@runner-7 pid 42\t2025-01-31T11:59:00Z\n");
        var (_, output, clock, error) = await Deploy(runner, Request(lockTimeout: TimeSpan.FromSeconds(6)));
        Assert.Equal(ErrorCodes.DeployLockHeld, error?.Code);
        Assert.Equal(TimeSpan.FromSeconds(6), clock.Waited);
        Assert.Contains(output.Lines, l => l.Contains("held by ci@runner-7 pid 42 since 2025-01-31T11:59:00Z (1 min 0 s ago)"));
    }

    [Fact]
    public async Task WhenTheWebRollsBackTheAppsOtherProcessesAreRolledBackToo()
    {
        var rolledBack = new HashSet<string>();
        var runner = Engine();
        runner
            .On("docker service inspect --format " + ServiceCommands.InspectFormat, _ => CommandResult.Ok(string.Concat(Services.Select(s =>
            {
                if (!StackDeployed(runner)) return ServiceLine(s, s == "api_api-web" ? 2 : 1, s == "api_api-web" ? 2 : 1, "completed", 1738324000, OldImage) + "\n";
                if (s == "api_api-web") return ServiceLine(s, 2, 2, "rollback_started", 1738324900, OldImage) + "\n";
                return rolledBack.Contains(s)
                    ? ServiceLine(s, 1, 1, "rollback_completed", 1738324950, OldImage) + "\n"
                    : ServiceLine(s, 1, 1, "completed", 1738324900, NewImage) + "\n";
            }))))
            .On("docker service ps --no-trunc --filter desired-state=running", _ => CommandResult.Ok(string.Concat(Services.SelectMany(s =>
                Enumerable.Range(1, s == "api_api-web" ? 2 : 1).Select(i =>
                    $"t{s}{i}\t{s}.{i}\t{(StackDeployed(runner) && s != "api_api-web" && !rolledBack.Contains(s) ? NewImage : OldImage)}\tRunning 2 seconds ago\t\tnode1\n")))))
            .On("docker service rollback", c =>
            {
                rolledBack.Add(c.Argv[^1]);
                return CommandResult.Ok();
            });
        var (_, output, _, error) = await Deploy(runner);

        Assert.Equal(ErrorCodes.UpdateRolledBack, error?.Code);
        Assert.Equal(["api_api-worker", "api_api-tick"], runner.All("docker service rollback").Select(c => c.Argv[^1]));
        Assert.Contains("api_api-worker, api_api-tick were rolled back too.", error!.Message);
        Assert.DoesNotContain("still converging", error.Message);
        Assert.Contains("  rolling back api_api-worker to its previous version", output.Lines);
        Assert.False(runner.HasRun("docker exec -i"));
        Assert.False(runner.HasRun("docker config create --label superdeploy.project"));
        Assert.Equal("docker config rm superdeploy-lock-api", FakeRunner.Text(runner.Ran[^1]));
    }

    [Fact]
    public async Task TheReasonComesFromTheFirstFailedTaskThatRanNotFromAReplacementWaitingToStart()
    {
        var runner = Engine(updateStateAfter: "rollback_started")
            .On("docker service ps --no-trunc --format", "t2\tapi_api-web.1\t" + NewImage + "\tAccepted 1 second ago\t\tnode1\n"
                + "t1\tapi_api-web.1\t" + NewImage + "\tComplete 2 seconds ago\t\tnode1\n")
            .On("docker inspect --type task --format {{with .Status.ContainerStatus}}{{.ContainerID}}{{end}} t2", "\n")
            .On("docker inspect --type task --format {{with .Status.ContainerStatus}}{{.ContainerID}}{{end}} t1", "c1\n")
            .On("docker inspect --type container", "HTTP 503 Service Unavailable\n")
            .On("docker service logs --tail 20 t1", "web: stopping\n");
        var (_, _, _, error) = await Deploy(runner);

        Assert.Equal(ErrorCodes.UpdateRolledBack, error?.Code);
        Assert.Contains("did not become healthy (health check of api_api-web.1: HTTP 503 Service Unavailable)", error!.Message);
        Assert.True(error.Details!.Contains("last log lines of api_api-web.1:\n    web: stopping"), error.Details);
    }

    [Fact]
    public async Task TheReasonNamesEveryDistinctHealthAnswerSoATimeoutDoesNotHideTheStatus()
    {
        var runner = Engine(updateStateAfter: "rollback_started")
            .On("docker service ps --no-trunc --format", "t1\tapi_api-web.1\t" + NewImage + "\tComplete 2 seconds ago\t\tnode1\n")
            .On("docker inspect --type task --format {{with .Status.ContainerStatus}}{{.ContainerID}}{{end}} t1", "c1\n")
            .On("docker inspect --type container",
                "HTTP 503 Service Unavailable\nHTTP 503 Service Unavailable\nHealth check exceeded timeout (3s)\n");
        var (_, _, _, error) = await Deploy(runner);

        Assert.Contains("(health check of api_api-web.1: HTTP 503 Service Unavailable; Health check exceeded timeout (3s))", error!.Message);
    }

    [Fact]
    public async Task AServiceCreatedByAFailedDeployIsRemoved()
    {
        var app = TestApps.Api();
        app = app with { Processes = [.. app.Processes, TestApps.Process("mailer", SuperDeploy.Model.ProcessKind.Worker, "dotnet Api.dll --worker")] };
        var runner = Engine(updateStateAfter: "updating");
        var before = Services;
        runner.On("docker service inspect --format " + ServiceCommands.InspectFormat, _ => CommandResult.Ok(string.Concat(
            (StackDeployed(runner) ? before.Append("api_api-mailer").ToArray() : before).Select(s => StackDeployed(runner)
                ? ServiceLine(s, 1, 1, s == "api_api-web" ? "updating" : "completed", 1738324900, NewImage) + "\n"
                : ServiceLine(s, 1, 1, "completed", 1738324000, OldImage) + "\n"))));
        var (_, _, _, error) = await Deploy(runner, Request(app: app));

        Assert.Equal(ErrorCodes.DeployTimedOut, error?.Code);
        Assert.True(runner.HasRun("docker service rm api_api-mailer"));
        Assert.True(runner.HasRun("docker service rollback --detach --quiet api_api-web"));
        Assert.Contains("api_api-mailer (new in this deploy) was removed", error!.Message);
    }

    [Fact]
    public async Task AFailedFirstDeployIsLeftForDiagnosis()
    {
        FakeRunner runner = null!;
        runner = Engine(updateStateAfter: "rollback_started")
            .On("docker service ls --filter label=com.docker.stack.namespace=api", _ =>
                CommandResult.Ok(StackDeployed(runner) ? string.Join("\n", Services) + "\n" : ""));
        var (_, _, _, error) = await Deploy(runner);
        Assert.Equal(ErrorCodes.UpdateRolledBack, error?.Code);
        Assert.False(runner.HasRun("docker service rm api_api"));
        Assert.False(runner.HasRun("docker service rollback"));
    }

    [Fact]
    public async Task ADeployPrunesReleasesAndImagesBeyondTheKeptOnes()
    {
        const string repo = "127.0.0.1:5000/demo/api";
        string Img(int n) => $"{repo}:r{n}";
        string Row(int n) => $"sha256:i{n}\t{repo}\t<none>\tsha256:d{n}\n";
        var history = string.Concat(Enumerable.Range(1, 6).Select(n => Record(n, Img(n)).TrimEnd('\n') + $"\tsha256:d{n}\n"))
            + Record(7, NewImage).TrimEnd('\n') + "\tsha256:0123\n";
        var runner = Engine()
            .On(HistoryList, history)
            .On("docker image ls --digests --no-trunc", string.Concat(Enumerable.Range(1, 6).Select(Row)) + $"sha256:new\t{repo}\t<none>\tsha256:0123\n")
            .On("docker service inspect --format {{.Spec.TaskTemplate.ContainerSpec.Image}}", $"{NewImage}@sha256:0123\t{Img(1)}@sha256:d1\n")
            .On("docker ps --format {{.Image}}", $"{NewImage}@sha256:0123\nsomething/else:1\n")
            .On("docker ps --all --quiet --no-trunc --filter label=com.docker.stack.namespace=api --filter ancestor=sha256:i2", "c2a\nc2b\n")
            .Fail($"docker image rm {repo}@sha256:d3", 1, "conflict: unable to remove repository reference");
        var (_, output, _, error) = await Deploy(runner, Request() with { Settings = Request().Settings with { KeepReleases = 3 } });

        Assert.Null(error);
        // Records r1..r4 go (r5, r6 and the new one stay); images r2, r3, r4 go, r1 stays: the web would roll back to it.
        Assert.Equal(Enumerable.Range(1, 4).Select(n => $"docker config rm superdeploy-release-api-202501311{n:D3}00"),
            runner.All("docker config rm superdeploy-release-").Select(FakeRunner.Text));
        Assert.Equal([$"docker image rm {repo}@sha256:d2", $"docker image rm {repo}@sha256:d3", $"docker image rm {repo}@sha256:d4"],
            runner.All("docker image rm").Select(FakeRunner.Text));
        Assert.True(runner.IndexOf("docker rm c2a c2b") < runner.IndexOf($"docker image rm {repo}@sha256:d2"));
        Assert.Contains(output.Lines, l => l.StartsWith("  ✓ kept 3 releases, removed 2 images and 4 release records"));
        Assert.True(runner.IndexOf("docker config create --label superdeploy.project") < runner.IndexOf("docker image rm"));
    }

    [Fact]
    public async Task WithNothingToPruneTheEngineIsNotAskedWhatIsInUse()
    {
        var runner = Engine()
            .On(HistoryList, Record(1, OlderImage).TrimEnd('\n') + "\tsha256:d1\n" + Record(2, NewImage).TrimEnd('\n') + "\tsha256:0123\n")
            .On("docker image ls --digests --no-trunc", "sha256:i1\t127.0.0.1:5000/demo/api\t<none>\tsha256:d1\nsha256:i2\t127.0.0.1:5000/demo/api\t<none>\tsha256:0123\n");
        var (_, output, _, error) = await Deploy(runner);
        Assert.Null(error);
        Assert.Contains(output.Lines, l => l.StartsWith("  ✓ kept 2 releases ("));
        Assert.False(runner.HasRun("docker ps --format"));
        Assert.False(runner.HasRun("docker service inspect --format {{.Spec.TaskTemplate.ContainerSpec.Image}}"));
        Assert.False(runner.HasRun("docker image rm"));
    }

    [Fact]
    public async Task TheRecordCarriesTheDigestTheServicesRun()
    {
        var (runner, _, _, error) = await Deploy(Engine());
        Assert.Null(error);
        var record = runner.All("docker config create --label superdeploy.project=demo --label superdeploy.app=api").Single();
        Assert.Contains("superdeploy.digest=sha256:0123", record.Argv);
    }

    [Fact]
    public async Task AFailingPruneIsAWarningNotAFailedDeploy()
    {
        var runner = Engine().Fail("docker image ls", 1, "Cannot connect to the Docker daemon");
        var (_, output, _, error) = await Deploy(runner);
        Assert.Null(error);
        Assert.Contains(output.Warnings, w => w.Contains("Could not remove old releases"));
        Assert.Contains(output.Lines, l => l.StartsWith("  ✓ old releases left in place"));
    }
}
