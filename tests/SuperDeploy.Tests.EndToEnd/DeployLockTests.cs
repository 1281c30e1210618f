using System.Diagnostics;

namespace SuperDeploy.Tests.EndToEnd;

/// <summary>
/// The deploy lock on the real engine: two deploys of one app from two checkouts started together run one after the
/// other, never interleaved; a waiter with a short SuperDeployLockTimeout fails naming the holder; a crashed deploy's
/// lock is reported with its age and broken only when asked. A small copy of samples/Api (web and release).
/// </summary>
[Collection(EndToEndCollection.Name)]
[TestCaseOrderer(StepOrderer.Name, StepOrderer.Assembly)]
public sealed class DeployLockTests(SampleDeployment world, DeployLockTests.State state, ITestOutputHelper log)
    : IClassFixture<DeployLockTests.State>
{
    public sealed class State
    {
        public (AppCopy First, AppCopy Second)? Copies { get; set; }
    }

    private (AppCopy First, AppCopy Second) Copies => state.Copies ??= Create();

    private (AppCopy, AppCopy) Create()
    {
        var app = $"lock-{world.Project[4..]}";
        // One web replica and a release that takes a while: a deploy holds the lock for at least that long (deploys are
        // otherwise quick enough to finish before the other has built), and fewer services converge sooner.
        static string Small(string project) => string.Join("\n", project.Split('\n')
                .Where(l => !l.Contains("Include=\"worker\"", StringComparison.Ordinal) && !l.Contains("Include=\"tick\"", StringComparison.Ordinal)))
            .Replace("Port=\"8000\" Replicas=\"2\"", "Port=\"8000\" Replicas=\"1\"")
            .Replace(MigrateCommand, ReleaseSleeping(10));
        return (AppCopy.Create(world, app, "LockA", Small), AppCopy.Create(world, app, "LockB", Small));
    }

    private string LockConfig => $"superdeploy-lock-{Copies.First.App}";

    private const string MigrateCommand = "Command=\"dotnet Api.dll --migrate\"";

    private static string ReleaseSleeping(int seconds) => $"Command=\"sleep {seconds}\"";

    [Fact, Step(1)]
    public async Task TwoDeploysStartedTogetherRunOneAfterTheOther()
    {
        var (a, b) = Copies;
        var deployA = Run(a, world.DeployArguments(a.App, "-p:SuperDeployImageTag=a1"));
        var deployB = Run(b, world.DeployArguments(b.App, "-p:SuperDeployImageTag=b1"));
        var results = await Task.WhenAll(deployA, deployB);
        foreach (var (result, name) in results.Zip(["A", "B"]))
        {
            log.WriteLine($"--- deploy {name}: exit {result.ExitCode}");
            log.WriteLine(string.Join("\n", result.Lines.Select(l => $"{l.At:HH:mm:ss.fff} {l.Text}")));
        }
        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Output));

        var (first, second) = results[0].First("✓ lock").At <= results[1].First("✓ lock").At ? (results[0], results[1]) : (results[1], results[0]);
        // The second waited, saying for whom, and took the lock only after the first had printed its last line.
        var waiting = second.First("waiting for the deploy lock of");
        Assert.Matches(@"held by \S+@\S+ pid \d+ since \d{4}-\d\d-\d\dT", waiting.Text);
        var firstDone = first.Lines.Last(l => l.Text.Contains($"{a.App}:web", StringComparison.Ordinal));
        Assert.True(second.First("✓ lock").At > firstDone.At,
            $"the second deploy took the lock at {second.First("✓ lock").At:HH:mm:ss.fff}, before the first finished at {firstDone.At:HH:mm:ss.fff}");
        foreach (var step in new[] { "✓ swarm", "✓ release", "✓ stack deploy", "✓ healthy", "✓ route", "✓ recorded" })
            Assert.True(second.First(step).At > firstDone.At, $"'{step}' of the second deploy ran while the first was running");
        Assert.Equal(2, (await a.ReleasesAsync()).Count);
    }

    [Fact, Step(2)]
    public async Task AWaiterWithAShortLockTimeoutFailsNamingTheHolder()
    {
        var (a, b) = Copies;
        string? holder = null;
        Task<TimedProcess.Result>? waiter = null;
        // The waiter starts once the holder has the lock; with images already pushed, both go straight to the lock, and
        // the holder's release keeps it long enough for the waiter to get there.
        var project = File.ReadAllText(a.ProjectFile);
        File.WriteAllText(a.ProjectFile, project.Replace(ReleaseSleeping(10), ReleaseSleeping(30)));
        TimedProcess.Result held;
        try
        {
            held = await Run(a, a.PrebuiltDeployArguments("a1"), line =>
            {
                if (waiter is not null || !line.Text.Contains("✓ lock", StringComparison.Ordinal)) return;
                holder = Shell.Docker("config", "inspect", "--format", "{{index .Spec.Labels \"superdeploy.lock.holder\"}}", LockConfig)
                    .GetAwaiter().GetResult().Output.Trim();
                waiter = Run(b, b.PrebuiltDeployArguments("b1", "-p:SuperDeployLockTimeout=2"));
            });
        }
        finally
        {
            File.WriteAllText(a.ProjectFile, project);
        }
        Assert.True(waiter is not null, "the first deploy never took the lock:\n" + held.Output);
        var waited = await waiter!;
        log.WriteLine("--- holder\n" + held.Output + "\n--- waiter\n" + waited.Output);

        Assert.True(held.ExitCode == 0, held.Output);
        Assert.NotEqual(0, waited.ExitCode);
        var error = waited.First("error SD3007").Text;
        Assert.False(string.IsNullOrEmpty(holder));
        Assert.Contains($"held by {holder} since", error);
        Assert.Contains("waited 2 s", error);
        Assert.DoesNotContain("✓ release", waited.Output);
        Assert.Equal("a1", (await a.PsTagsAsync())[$"{a.App}:web"]);
    }

    [Fact, Step(3)]
    public async Task AStaleLockIsReportedWithItsAgeAndBrokenOnlyWhenAsked()
    {
        var (a, _) = Copies;
        var since = DateTime.UtcNow.AddHours(-2).ToString("yyyy-MM-ddTHH:mm:ssZ");
        var content = Path.Combine(world.Workspace, "stale-lock.txt");
        File.WriteAllText(content, $"crashed@ci pid 4242\n{since}\n");
        (await Shell.Docker("config", "create",
            "--label", "superdeploy.lock.holder=crashed@ci pid 4242", "--label", $"superdeploy.lock.since={since}", LockConfig, content))
            .EnsureSuccess("docker config create (a crashed deploy's lock)");
        var before = await a.ServiceSpecsAsync();

        var watch = Stopwatch.StartNew();
        var refused = await Run(a, a.PrebuiltDeployArguments("b1"));
        log.WriteLine($"--- refused ({watch.Elapsed.TotalSeconds:0.0} s)\n" + refused.Output);
        Assert.NotEqual(0, refused.ExitCode);
        var error = refused.First("error SD3007").Text;
        Assert.Contains("held by crashed@ci pid 4242", error);
        Assert.Matches(@"since \S+, 2 h \d+ min ago", error);
        Assert.Contains("SuperDeployBreakLock=true", error);
        Assert.Equal(before, await a.ServiceSpecsAsync());

        var broken = await Run(a, a.PrebuiltDeployArguments("b1", "-p:SuperDeployBreakLock=true"));
        log.WriteLine("--- with SuperDeployBreakLock=true\n" + broken.Output);
        Assert.True(broken.ExitCode == 0, broken.Output);
        Assert.Contains("Removed the deploy lock", broken.First("crashed@ci pid 4242").Text);
        Assert.Equal("b1", (await a.PsTagsAsync())[$"{a.App}:web"]);
        Assert.NotEqual(0, (await Shell.Docker("config", "inspect", LockConfig)).ExitCode);
    }

    /// <summary>Two builds on two shared cores, then two deploys one after the other: generous, still bounded.</summary>
    private Task<TimedProcess.Result> Run(AppCopy copy, IReadOnlyList<string> args, Action<TimedProcess.Line>? onLine = null) =>
        TimedProcess.RunAsync("dotnet", args, copy.Directory, world.DotnetEnvironment(), TimeSpan.FromMinutes(9), onLine);
}
