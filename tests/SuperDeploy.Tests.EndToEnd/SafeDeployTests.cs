using System.Diagnostics;
using System.Text.RegularExpressions;
using static SuperDeploy.Tests.EndToEnd.TestOutput;

namespace SuperDeploy.Tests.EndToEnd;

/// <summary>
/// Deploys that never drop a request and never leave a broken version serving, on the real engine: a copy of
/// samples/Api (2 web replicas) behind the run's Caddy, with a load client running through each change. In order:
/// v1; v2 under load (zero downtime); v3 that never gets healthy (automatic rollback); v4 whose release fails (nothing
/// touched); SuperDeployRollback to the previous release and to a named one; pruning to the kept releases; a same-named
/// app of another project refused.
/// </summary>
[Collection(EndToEndCollection.Name)]
[TestCaseOrderer(StepOrderer.Name, StepOrderer.Assembly)]
public sealed class SafeDeployTests(SampleDeployment world, SafeDeployTests.State state, ITestOutputHelper log)
    : IClassFixture<SafeDeployTests.State>
{
    /// <summary>The app copy, shared by the steps of this class.</summary>
    public sealed class State
    {
        public AppCopy? App { get; set; }
    }

    private AppCopy App => state.App ??= AppCopy.Create(world, $"safe-{world.Project[4..]}", "Safe");

    /// <summary>Enough for any deploy here; the load stops earlier, when the deploy does.</summary>
    private static readonly TimeSpan LoadLimit = TimeSpan.FromMinutes(6);

    [Fact, Step(1)]
    public async Task DeploysVersionOne()
    {
        var result = await log.Timed("deploy v1", () => App.DeployAsync("v1"));
        result.EnsureSuccess("dotnet publish -t:SuperDeploy (v1)");
        Assert.Equal("v1", (await App.GetAsync()).GetProperty("version").GetString());
    }

    [Fact, Step(2)]
    public async Task ARedeployUnderLoadDropsNoRequest()
    {
        App.SetVersion("v2");
        using var load = App.Load();
        var run = load.Start(maxRequests: 200_000, LoadLimit);
        var result = await log.Timed("redeploy v2 under load", () => App.DeployAsync("v2"));
        // At least 2,000 requests, bounded: the redeploy usually sends more than enough on its own.
        for (var i = 0; i < 600 && load.Completed < 2_000; i++) await Task.Delay(100);
        var report = await run.StopAsync();
        log.WriteLine("load during the redeploy: " + report.Summary);
        result.EnsureSuccess("dotnet publish -t:SuperDeploy (v2)");

        Assert.True(report.Failed == 0, $"{report.Failed} of {report.Total} requests failed:\n{string.Join("\n", report.Errors.Take(10))}");
        Assert.True(report.Total >= 2_000, $"only {report.Total} requests: " + report.Summary);
        Assert.Equal(["v1", "v2"], report.Versions.Keys.Order());
        Assert.Equal("v2", report.LastVersion);
        Assert.Equal("v2", (await App.GetAsync()).GetProperty("version").GetString());
    }

    [Fact, Step(3)]
    public async Task AVersionThatNeverGetsHealthyIsRolledBackWhileTheOldOneKeepsAnswering()
    {
        // /app/unhealthy in the image makes /health answer 503 for good.
        App.SetVersion("v3");
        File.WriteAllText(Path.Combine(App.Directory, "unhealthy"), "this image's health check fails\n");
        File.WriteAllText(Path.Combine(App.Directory, "Directory.Build.targets"), """
            <Project>
              <ItemGroup>
                <Content Include="unhealthy" CopyToPublishDirectory="Always" />
              </ItemGroup>
            </Project>
            """);
        try
        {
            using var load = App.Load();
            var run = load.Start(maxRequests: 200_000, LoadLimit);
            var watch = Stopwatch.StartNew();
            var result = await log.Timed("deploy v3 (unhealthy) under load", () => App.DeployAsync("v3"));
            log.WriteLine($"failed deploy with automatic rollback: {watch.Elapsed.TotalSeconds:0.0} s");
            var report = await run.StopAsync();
            log.WriteLine("load during the failed deploy: " + report.Summary);

            Assert.NotEqual(0, result.ExitCode);
            var error = Lines(result, "error SD3009").FirstOrDefault() ?? throw new Xunit.Sdk.XunitException("no SD3009 in:\n" + result.Output);
            Assert.Contains($"rolled back the update of {App.Service("web")}", error);
            // Why: the probe's answer, in the error and with the task's logs above it; the app's other processes went back too.
            Assert.Contains("did not become healthy (health check of", error);
            Assert.Contains("HTTP 503 Service Unavailable", error);
            Assert.Matches($"health check of {Regex.Escape(App.Service("web"))}", result.Output);
            Assert.Contains($"{App.Service("worker")}", error);
            Assert.Contains("rolled back too", error);
            Assert.DoesNotContain("✓ route", result.Output);

            Assert.True(report.Failed == 0, $"{report.Failed} of {report.Total} requests failed:\n{string.Join("\n", report.Errors.Take(10))}");
            Assert.True(report.Total > 100, report.Summary);
            Assert.Equal(["v2"], report.Versions.Keys);
            Assert.All(await App.PsTagsAsync(), row => Assert.Equal("v2", row.Value));
            Assert.DoesNotContain(await App.ReleasesAsync(), r => r.Tag == "v3");
        }
        finally
        {
            File.Delete(Path.Combine(App.Directory, "unhealthy"));
            File.Delete(Path.Combine(App.Directory, "Directory.Build.targets"));
        }
    }

    [Fact, Step(4)]
    public async Task AFailingReleaseStopsTheDeployBeforeAnyServiceChanges()
    {
        App.SetVersion("v4");
        var project = File.ReadAllText(App.ProjectFile);
        File.WriteAllText(App.ProjectFile, project.Replace("Command=\"dotnet Api.dll --migrate\"", "Command=\"env SAMPLE_FAIL_RELEASE=1 dotnet Api.dll --migrate\""));
        try
        {
            var before = await App.ServiceSpecsAsync();
            var result = await log.Timed("deploy v4 (failing release)", () => App.DeployAsync("v4"));

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("error SD3008", result.Output);
            // The release's own output, stdout and stderr.
            Assert.Contains("release: ran version=v4", result.Output);
            Assert.Contains("release: failed on purpose", result.Output);
            Assert.DoesNotContain("✓ stack deploy", result.Output);
            Assert.Equal(3, before.Count);
            Assert.Equal(before, await App.ServiceSpecsAsync());
            Assert.Equal("v2", (await App.GetAsync()).GetProperty("version").GetString());
        }
        finally
        {
            File.WriteAllText(App.ProjectFile, project);
        }
    }

    [Fact, Step(5)]
    public async Task RollbackReturnsToThePreviousReleaseUnderLoadWithoutRunningTheRelease()
    {
        var releases = await App.ReleasesAsync();
        using var load = App.Load();
        var run = load.Start(maxRequests: 200_000, LoadLimit);
        var watch = Stopwatch.StartNew();
        var result = await log.Timed("rollback", () => App.MsBuildAsync("SuperDeployRollback"));
        log.WriteLine($"rollback to the previous release: {watch.Elapsed.TotalSeconds:0.0} s");
        var report = await run.StopAsync();
        log.WriteLine("load during the rollback: " + report.Summary);
        result.EnsureSuccess("SuperDeployRollback");

        InOrder(result, "Rolling back", "✓ lock", "✓ rollback to v1 from v2", "✓ stack deploy", "✓ healthy", "✓ route", "✓ recorded", $"{App.App}:web");
        Assert.DoesNotContain("release: ran", result.Output);
        Assert.True(report.Failed == 0, $"{report.Failed} of {report.Total} requests failed:\n{string.Join("\n", report.Errors.Take(10))}");
        Assert.Equal("v1", (await App.GetAsync()).GetProperty("version").GetString());
        Assert.All(await App.PsTagsAsync(), row => Assert.Equal("v1", row.Value));
        // The rollback is a release of its own. Pruning after it removed the images of v3 and v4, which never became
        // releases (pulled by the failed deploy and by the failed release); the images of the releases stay.
        var after = await App.ReleasesAsync();
        Assert.Equal([.. releases.Select(r => r.Tag), "v1"], after.Select(r => r.Tag));
        Assert.Contains("✓ kept 3 releases, removed 2 images and 0 release records", result.Output);
        Assert.Equal(after.Select(r => r.Digest).Distinct().Order(StringComparer.Ordinal), await App.LocalImageDigestsAsync());
    }

    [Fact, Step(6)]
    public async Task ANamedRollbackCanRunTheReleaseAndPruningKeepsTheLastReleases()
    {
        var result = await log.Timed("rollback to v2, keeping 2 releases",
            () => App.MsBuildAsync("SuperDeployRollback", "-p:Release=v2", "-p:SuperDeployRollbackRunRelease=true", "-p:SuperDeployKeepReleases=2"));
        result.EnsureSuccess("SuperDeployRollback -p:Release=v2");

        Assert.Single(Lines(result, "release: ran version=v2"));
        Assert.Contains("✓ rollback to v2 from v1", result.Output);
        Assert.Equal("v2", (await App.GetAsync()).GetProperty("version").GetString());
        // Kept: the last two releases (the rollback to v1, this one to v2) and their images; the two oldest records went.
        Assert.Single(Lines(result, "✓ kept 2 releases, removed 0 images and 2 release records"));
        var releases = await App.ReleasesAsync();
        Assert.Equal(["v1", "v2"], releases.Select(r => r.Tag));
        Assert.All(releases, r => Assert.StartsWith("sha256:", r.Digest));
        Assert.Equal(releases.Select(r => r.Digest).Order(StringComparer.Ordinal), await App.LocalImageDigestsAsync());

        var unknown = await App.MsBuildAsync("SuperDeployRollback", "-p:Release=v9");
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("error SD3040", unknown.Output);
    }

    [Fact, Step(7)]
    public async Task ASameNamedAppOfAnotherProjectNeverReplacesTheRunningOne()
    {
        var before = await App.ServiceSpecsAsync();
        var other = world.Project + "-other";
        try
        {
            var result = await log.Timed("deploy the same app name from another project",
                () => App.DeployAsync("v9", $"-p:SuperDeployProject={other}"));

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains(Lines(result, "error SD3026"), l => l.Contains($"project '{world.Project}'") && l.Contains($"'{other}'"));
            Assert.DoesNotContain("✓ edge", result.Output);
            Assert.Equal(before, await App.ServiceSpecsAsync());
            Assert.Equal("v2", (await App.GetAsync()).GetProperty("version").GetString());
        }
        finally
        {
            await Shell.Docker("network", "rm", other + "-net");
        }
    }
}
