using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using static SuperDeploy.Tests.EndToEnd.TestOutput;

namespace SuperDeploy.Tests.EndToEnd;

/// <summary>
/// The samples deployed to a real one-node swarm over SSH, checked through Caddy with real HTTP. One scenario in
/// order: deploy Api and Admin, look at them, scale, redeploy under load, remove a process.
/// </summary>
[Collection(EndToEndCollection.Name)]
[TestCaseOrderer(StepOrderer.Name, StepOrderer.Assembly)]
public sealed class SampleDeploymentTests(SampleDeployment world, ITestOutputHelper log)
{
    private const string ApiHost = "api.demo.localhost";
    private const string AdminHost = "admin.demo.localhost";

    [Fact, Step(1)]
    public async Task DeploysTheApiOverSshWithItsReleaseFirst()
    {
        var result = await log.Timed("deploy Api", () => world.DeployAsync(world.ApiDirectory, world.ApiApp));
        world.ApiFirstDeploy = result;
        world.ApiFirstDeployedAt = DateTimeOffset.UtcNow;
        result.EnsureSuccess("dotnet publish -t:SuperDeploy (Api)");

        Assert.Single(Lines(result, "release: ran"));
        InOrder(result, "✓ lock", "✓ swarm", "✓ edge deployed", "release: ran", "✓ release", "✓ stack deploy", "✓ healthy",
            $"✓ route {ApiHost}", "✓ recorded superdeploy-release-", $"{world.ApiApp}:web");
        Assert.Matches(@"✓ healthy \(\d+\.\d s\)", result.Output);
    }

    [Fact, Step(2)]
    public async Task DeploysTheAdminOnTheSameEdgeWithoutTouchingIt()
    {
        var result = await log.Timed("deploy Admin", () => world.DeployAsync(world.AdminDirectory, world.AdminApp));
        world.AdminFirstDeploy = result;
        result.EnsureSuccess("dotnet publish -t:SuperDeploy (Admin)");
        InOrder(result, "✓ lock", "✓ edge unchanged", "✓ stack deploy", "✓ healthy", $"✓ route {AdminHost}");
        Assert.Empty(Lines(result, "release: ran"));
        Assert.Empty(Lines(result, "✓ release ("));
        Assert.Equal("admin", (await world.GetJsonAsync(AdminHost)).GetProperty("app").GetString());
    }

    [Fact, Step(3)]
    public async Task RequestsThroughCaddyReachEveryWebReplica()
    {
        var replicas = await world.ReplicasAsync(ApiHost, expected: 2);
        Assert.Equal(2, replicas.Count);
        Assert.All(replicas.Values, r => Assert.Equal("v1", r.GetProperty("version").GetString()));
    }

    [Fact, Step(4)]
    public async Task PortIsResolvedInTheContainer()
    {
        var body = await world.GetJsonAsync(ApiHost);
        Assert.Equal(8000, body.GetProperty("port").GetInt32());
        var urls = body.GetProperty("urls").EnumerateArray().Select(u => u.GetString()!).ToArray();
        Assert.Contains(urls, u => u.EndsWith(":8000", StringComparison.Ordinal));
        Assert.DoesNotContain(urls, u => u.Contains('$'));
    }

    [Fact, Step(5)]
    public async Task ReleaseRanOnceAndBeforeTheWebReplicasStarted()
    {
        var line = Assert.Single(Lines(world.ApiFirstDeploy!, "release: ran"));
        var releasedAt = DateTimeOffset.Parse(Regex.Match(line, @"at=(\S+)").Groups[1].Value, CultureInfo.InvariantCulture);
        var replicas = await world.ReplicasAsync(ApiHost, expected: 2);
        Assert.Equal(2, replicas.Count);
        foreach (var replica in replicas.Values)
        {
            var startedAt = DateTimeOffset.Parse(replica.GetProperty("startedAt").GetString()!, CultureInfo.InvariantCulture);
            Assert.True(releasedAt < startedAt, $"release at {releasedAt:O} is not before replica start {startedAt:O}");
        }
    }

    [Fact, Step(6)]
    public async Task PsMatchesDockerServiceLs()
    {
        var ps = (await world.MsBuildAsync(world.ApiDirectory, world.ApiApp, "SuperDeployPs", "-p:SuperDeployPsFormat=json")).EnsureSuccess("SuperDeployPs");
        var table = (await world.MsBuildAsync(world.ApiDirectory, world.ApiApp, "SuperDeployPs")).EnsureSuccess("SuperDeployPs");
        var rows = JsonDocument.Parse(Json(ps.Output)).RootElement.EnumerateArray()
            .ToDictionary(r => r.GetProperty("service").GetString()!, r => $"{r.GetProperty("running").GetInt32()}/{r.GetProperty("desired").GetInt32()}");

        var docker = (await Shell.Docker("service", "ls", "--filter", $"label=com.docker.stack.namespace={world.ApiApp}", "--format", "{{.Name}} {{.Replicas}}"))
            .EnsureSuccess("docker service ls").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ')).ToDictionary(f => f[0], f => f[1]);

        Assert.Equal(docker.OrderBy(k => k.Key), rows.OrderBy(k => k.Key));
        Assert.Equal([world.ApiService("tick"), world.ApiService("web"), world.ApiService("worker")], rows.Keys.Order());
        Assert.Equal("2/2", rows[world.ApiService("web")]);
        Assert.Contains(Lines(table, $"{world.ApiApp}:web "), l => l.Contains("2/2") && l.Contains("running"));
    }

    [Fact, Step(7)]
    public async Task WorkerTicksShowInTheLogs()
    {
        var logs = (await world.MsBuildAsync(world.ApiDirectory, world.ApiApp, "SuperDeployLogs", "-p:Process=worker", "-p:Lines=20"))
            .EnsureSuccess("SuperDeployLogs");
        Assert.Contains(Lines(logs, "worker: tick"), l => l.Contains("version=v1"));
        Assert.DoesNotContain("web: started", logs.Output);
    }

    [Fact, Step(8)]
    public async Task ScalingTheWebProcessConvergesUpAndDown()
    {
        var up = await log.Timed("scale web=3", () => world.MsBuildAsync(world.ApiDirectory, world.ApiApp, "SuperDeployScale", "-p:Scale=web=3"));
        up.EnsureSuccess("SuperDeployScale web=3");
        Assert.Contains(Lines(up, $"✓ scale {world.ApiApp}:web 2 → 3"), l => true);
        Assert.Equal(3, await RunningTasks(world.ApiService("web")));
        Assert.Equal(3, (await world.ReplicasAsync(ApiHost, expected: 3, maxRequests: 300)).Count);

        var down = await log.Timed("scale api:web=1", () => world.MsBuildAsync(world.ApiDirectory, world.ApiApp, "SuperDeployScale", $"-p:Scale={world.ApiApp}:web=1"));
        down.EnsureSuccess("SuperDeployScale web=1");
        Assert.Equal(1, await RunningTasks(world.ApiService("web")));

        var wrong = await world.MsBuildAsync(world.ApiDirectory, world.ApiApp, "SuperDeployScale", "-p:Scale=web=2 release=1");
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("SD3013", wrong.Output);
        Assert.Equal(1, await RunningTasks(world.ApiService("web")));
    }

    [Fact, Step(9)]
    public async Task TheCronProcessRanWithinTwoMinutes()
    {
        var deadline = world.ApiFirstDeployedAt!.Value + TimeSpan.FromMinutes(2.5);
        while (true)
        {
            var logs = (await world.MsBuildAsync(world.ApiDirectory, world.ApiApp, "SuperDeployLogs", "-p:Process=tick", "-p:Lines=50"))
                .EnsureSuccess("SuperDeployLogs tick");
            if (logs.Output.Contains("cron: tick version=v1", StringComparison.Ordinal)) return;
            Assert.True(DateTimeOffset.UtcNow < deadline, "no 'cron: tick' in the tick process's logs within 2 minutes of the deploy:\n" + logs.Output);
            await Task.Delay(TimeSpan.FromSeconds(10));
        }
    }

    [Fact, Step(10)]
    public async Task RedeployingTheApiKeepsAdminAnsweringAndServesTheNewVersion()
    {
        var version = Path.Combine(world.ApiDirectory, "AppVersion.cs");
        File.WriteAllText(version, File.ReadAllText(version).Replace("\"v1\"", "\"v2\""));

        using var stop = new CancellationTokenSource();
        var load = HammerAsync(AdminHost, stop.Token);
        Shell.Result result;
        try
        {
            result = await log.Timed("redeploy Api v2", () => world.DeployAsync(world.ApiDirectory, world.ApiApp));
        }
        finally
        {
            stop.Cancel();
        }
        var (ok, failed, errors) = await load;
        log.WriteLine($"Admin during the Api redeploy: {ok} ok, {failed} failed");
        result.EnsureSuccess("dotnet publish -t:SuperDeploy (Api v2)");

        Assert.True(failed == 0, $"{failed} failed requests to Admin during the Api redeploy: {string.Join("; ", errors.Take(5))}");
        Assert.True(ok >= 20, $"only {ok} requests to Admin completed during the redeploy");
        // Scaled to 1 live in step 8; the project file still says 2, as at the last deploy: the live scale wins.
        Assert.Contains("  web: keeping live scale 1 (project file: 2)", Lines(result, "keeping live scale").Select(l => "  " + l.Trim()));
        Assert.Single(Lines(result, "release: ran version=v2"));
        Assert.Equal("v2", (await world.GetJsonAsync(ApiHost)).GetProperty("version").GetString());
    }

    [Fact, Step(11)]
    public async Task RemovingTheWorkerRemovesOnlyItsService()
    {
        var adminBefore = await Identity(world.AdminService("web"));
        var edgeBefore = await Identity(world.EdgeService);
        var project = Path.Combine(world.ApiDirectory, "Api.csproj");
        var lines = File.ReadAllLines(project);
        File.WriteAllLines(project, lines.Where(l => !l.Contains("Include=\"worker\"", StringComparison.Ordinal)));

        var result = await log.Timed("redeploy Api without worker", () => world.DeployAsync(world.ApiDirectory, world.ApiApp));
        result.EnsureSuccess("dotnet publish -t:SuperDeploy (Api without worker)");

        Assert.Contains($"(removed {world.ApiService("worker")})", result.Output);
        var services = (await Shell.Docker("service", "ls", "--format", "{{.Name}}")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain(world.ApiService("worker"), services);
        Assert.Contains(world.ApiService("web"), services);
        Assert.Contains(world.ApiService("tick"), services);
        Assert.Equal(adminBefore, await Identity(world.AdminService("web")));
        Assert.Equal(edgeBefore, await Identity(world.EdgeService));
        Assert.Equal("admin", (await world.GetJsonAsync(AdminHost)).GetProperty("app").GetString());
    }

    [Fact, Step(12)]
    public async Task AnUnknownOrChangedHostKeyIsRefusedAndNothingRuns()
    {
        var unknown = Path.Combine(world.Workspace, "known_hosts.empty");
        File.WriteAllText(unknown, "");
        var refused = await world.MsBuildAsync(world.ApiDirectory, world.ApiApp, "SuperDeployPs", $"-p:SuperDeployKnownHostsFile={unknown}");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("error SD3001", refused.Output);

        // A known_hosts entry for the VM with some other key: what a man in the middle (or a rebuilt VM) looks like.
        var otherKey = Path.Combine(world.Workspace, "other_key");
        (await Shell.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", otherKey])).EnsureSuccess("ssh-keygen");
        var host = world.Env.SshPort == "22" ? "127.0.0.1" : $"[127.0.0.1]:{world.Env.SshPort}";
        var changed = Path.Combine(world.Workspace, "known_hosts.changed");
        File.WriteAllText(changed, host + " " + string.Join(' ', File.ReadAllText(otherKey + ".pub").Split(' ').Take(2)) + "\n");
        var mismatch = await world.MsBuildAsync(world.ApiDirectory, world.ApiApp, "SuperDeployPs", $"-p:SuperDeployKnownHostsFile={changed}");
        Assert.NotEqual(0, mismatch.ExitCode);
        Assert.Contains("error SD3002", mismatch.Output);

        // A deploy through that key changes nothing: same services at the same spec versions, no release recorded.
        string[] services = [world.ApiService("web"), world.ApiService("tick"), world.EdgeService];
        var before = await Task.WhenAll(services.Select(Identity));
        var releases = (await Shell.Docker("config", "ls", "--filter", $"name=superdeploy-release-{world.ApiApp}-", "-q")).Output;
        var deploy = await world.DeployAsync(world.ApiDirectory, world.ApiApp, new Dictionary<string, string?>(),
            $"-p:SuperDeployKnownHostsFile={changed}", "-p:SuperDeployImageTag=never-deployed", "-p:SuperDeployDependsOn=_SuperDeployResolveImage");
        Assert.NotEqual(0, deploy.ExitCode);
        Assert.Contains("error SD3002", deploy.Output);
        Assert.Equal(before, await Task.WhenAll(services.Select(Identity)));
        Assert.Equal(releases, (await Shell.Docker("config", "ls", "--filter", $"name=superdeploy-release-{world.ApiApp}-", "-q")).Output);
    }

    /// <summary>Sequential GETs until cancelled (bounded by the deploy's own timeout).</summary>
    private async Task<(int Ok, int Failed, List<string> Errors)> HammerAsync(string host, CancellationToken stop)
    {
        await Task.Yield();
        int ok = 0, failed = 0;
        var errors = new List<string>();
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(8);
        while (!stop.IsCancellationRequested && DateTime.UtcNow < until)
        {
            try
            {
                await world.GetJsonAsync(host);
                ok++;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
            {
                failed++;
                errors.Add(e.Message);
            }
        }
        return (ok, failed, errors);
    }

    private static async Task<int> RunningTasks(string service) =>
        (await Shell.Docker("service", "ps", "--filter", "desired-state=running", "--format", "{{.CurrentState}}", service))
            .EnsureSuccess("docker service ps").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(s => s.StartsWith("Running", StringComparison.Ordinal));

    /// <summary>A service's id and spec version: unchanged means nobody updated it.</summary>
    private static async Task<string> Identity(string service) =>
        (await Shell.Docker("service", "inspect", "--format", "{{.ID}} {{.Version.Index}} {{.UpdatedAt}}", service)).EnsureSuccess("docker service inspect").Output.Trim();

    /// <summary>The JSON array printed by SuperDeployPs (MSBuild indents each line).</summary>
    private static string Json(string output)
    {
        var lines = output.Split('\n').Select(l => l.Trim()).ToArray();
        var start = Array.IndexOf(lines, "[");
        var end = Array.IndexOf(lines, "]", Math.Max(start, 0));
        Assert.True(start >= 0 && end > start, "no JSON array in:\n" + output);
        return string.Join("\n", lines[start..(end + 1)]);
    }
}
