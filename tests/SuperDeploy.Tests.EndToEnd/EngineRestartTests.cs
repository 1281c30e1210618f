using System.Diagnostics;
using Xunit.Sdk;

[assembly: TestCollectionOrderer(SuperDeploy.Tests.EndToEnd.EngineRestartLast.Name, SuperDeploy.Tests.EndToEnd.EngineRestartLast.Assembly)]

namespace SuperDeploy.Tests.EndToEnd;

/// <summary>
/// Restarts the target's Docker engine (the dockerd build/env.sh started, by its pid file) and checks that the
/// deployed apps come back by themselves: every service converges again (the Api's, the Store's, its postgres, redis
/// and rabbitmq addons, both edges), the apps answer through their edges with no redeploy, and the row, key and
/// durable message the Store wrote before the restart are still there. The only test that touches the engine; its own
/// collection runs after every other one.
/// </summary>
[Collection(EngineRestartCollection.Name)]
public sealed class EngineRestartTests(SampleDeployment world, ITestOutputHelper log)
{
    private const string ApiHost = "api.demo.localhost";
    private const string StoreHost = StoreShop.StoreHost;
    // The addons' health checks are slower than the apps' (rabbitmq's every 10 s).
    private static readonly TimeSpan ComeBackWithin = TimeSpan.FromSeconds(180);

    private readonly StoreShop _shop = new(world, StoreShop.FreePort(), StoreShop.FreePort());

    [Fact]
    public async Task AfterAnEngineRestartEveryServiceComesBackAndTheAppsAnswerWithTheirDataWithoutARedeploy()
    {
        world.Cleanups.Add(() => _shop.CleanupAsync([_shop.StoreApp], StoreShop.StoreAddons));
        (await world.DeployAsync(world.ApiDirectory, world.ApiApp)).EnsureSuccess("dotnet publish -t:SuperDeploy (Api)");
        Assert.Equal("v1", (await world.GetJsonAsync(ApiHost)).GetProperty("version").GetString());
        _shop.CreateStore();
        var store = await _shop.DeployStoreAsync();
        log.WriteLine(store.Output);
        store.EnsureSuccess("dotnet publish -t:SuperDeploy (Store)");
        Assert.Contains("✓ addons: databases.primary created, caches.main created, queues.main created", store.Output);
        await _shop.SendAsync(HttpMethod.Post, StoreHost, "/rows?value=before-restart");
        await _shop.SendAsync(HttpMethod.Put, StoreHost, "/cache/restart?value=kept");
        await _shop.SendAsync(HttpMethod.Post, StoreHost, "/queue?message=before-restart");

        var services = await ServicesAsync();
        // The Api's web, worker, tick and its edge; the Store's web, its three addons and its edge.
        Assert.Equal(9, services.Count);
        var releases = await ReleaseCountAsync(world.ApiApp);
        var storeReleases = await ReleaseCountAsync(_shop.StoreApp);

        await RestartEngineAsync();

        var watch = Stopwatch.StartNew();
        var deadline = DateTime.UtcNow + ComeBackWithin;
        string? lastError = null;
        Dictionary<string, string> replicas = [];
        while (true)
        {
            try
            {
                replicas = await ServicesAsync();
                var converged = replicas.Values.All(r => r.Split('/') is [var running, var desired] && running == desired && desired != "0");
                if (converged && (await world.GetJsonAsync(ApiHost)).GetProperty("version").GetString() == "v1"
                    && (await _shop.GetTextAsync(StoreHost, "/health")) == "ok") break;
                lastError = "not converged: " + string.Join(", ", replicas.Select(r => $"{r.Key} {r.Value}"));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                lastError = e.Message;
            }
            Assert.True(DateTime.UtcNow < deadline, $"not back within {ComeBackWithin.TotalSeconds} s of the engine restart: {lastError}");
            await Task.Delay(2000);
        }
        log.WriteLine($"back {watch.Elapsed.TotalSeconds:0.0} s after the engine answered again: "
            + string.Join(", ", replicas.Select(r => $"{r.Key} {r.Value}")));

        Assert.Equal(services.Keys.Order(), replicas.Keys.Order());
        Assert.Equal(2, (await world.ReplicasAsync(ApiHost, expected: 2)).Count);
        // The Store's first connection to an addon may still meet it starting: an error is retried, a wrong answer is not.
        Assert.Equal("[\"before-restart\"]", await StoreShop.RetriedAsync(() => _shop.GetTextAsync(StoreHost, "/rows")));
        Assert.Equal("kept", await StoreShop.RetriedAsync(() => _shop.GetTextAsync(StoreHost, "/cache/restart")));
        Assert.Equal("before-restart", await StoreShop.RetriedAsync(_shop.NextMessageAsync));
        Assert.Null(await _shop.NextMessageAsync());
        // Nothing was redeployed: no new release record.
        Assert.Equal(releases, await ReleaseCountAsync(world.ApiApp));
        Assert.Equal(storeReleases, await ReleaseCountAsync(_shop.StoreApp));
    }

    /// <summary>Stops the dockerd that build/env.sh started (its pid file), waits until it has exited, starts it again with env.sh.</summary>
    private async Task RestartEngineAsync()
    {
        var state = Environment.GetEnvironmentVariable("SUPERDEPLOY_ENV_STATE") is { Length: > 0 } s ? s : "/var/tmp/superdeploy-env";
        var pidFile = Path.Combine(state, "dockerd.pid");
        Assert.True(File.Exists(pidFile), $"{pidFile} is missing: this test restarts only a dockerd started by build/env.sh");
        var pid = File.ReadAllText(pidFile).Trim();
        var comm = $"/proc/{pid}/comm";
        Assert.True(File.Exists(comm) && File.ReadAllText(comm).Trim() == "dockerd", $"pid {pid} from {pidFile} is not a running dockerd");

        log.WriteLine($"stopping dockerd (pid {pid})");
        (await Shell.RunAsync("kill", ["-TERM", pid])).EnsureSuccess("kill dockerd");
        // Not our child: watch /proc until it is gone (dockerd stops its containers first).
        for (var i = 0; i < 180 && File.Exists(comm); i++) await Task.Delay(500);
        Assert.False(File.Exists(comm), $"dockerd (pid {pid}) still running 90 s after SIGTERM");

        var up = await Shell.RunAsync("bash", [Path.Combine(Samples.RepoRoot(), "build", "env.sh"), "up"], timeout: TimeSpan.FromMinutes(5));
        log.WriteLine(up.Output);
        up.EnsureSuccess("build/env.sh up");
    }

    /// <summary>`name -> running/desired` of the run's stacks: the Api, the Store, the Store's addons, both edges.</summary>
    private async Task<Dictionary<string, string>> ServicesAsync()
    {
        var result = await Shell.Docker("service", "ls", "--format", "{{.Name}} {{.Replicas}}");
        if (result.ExitCode != 0) throw new InvalidOperationException("docker service ls: " + result.Output.Trim());
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split(' ', 2))
            .Where(f => f[0].StartsWith(world.ApiApp + "_", StringComparison.Ordinal) || f[0] == world.EdgeService
                || f[0].StartsWith(_shop.StoreApp + "_", StringComparison.Ordinal) || f[0] == _shop.EdgeService
                || StoreShop.StoreAddons.Any(key => f[0] == _shop.AddonService(key)))
            .ToDictionary(f => f[0], f => f.Length > 1 ? f[1].Split(' ')[0] : "");
    }

    private static async Task<int> ReleaseCountAsync(string app) =>
        (await Shell.Docker("config", "ls", "--filter", $"name=superdeploy-release-{app}-", "--format", "{{.Name}}"))
            .EnsureSuccess("docker config ls").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EngineRestartCollection : ICollectionFixture<SampleDeployment>
{
    public const string Name = "EndToEnd.EngineRestart";
}

/// <summary>Runs the engine-restart collection after every other one, so no other test sees the engine go away.</summary>
public sealed class EngineRestartLast : ITestCollectionOrderer
{
    public const string Name = "SuperDeploy.Tests.EndToEnd.EngineRestartLast";
    public const string Assembly = "SuperDeploy.Tests.EndToEnd";

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(c => c.DisplayName.Contains(EngineRestartCollection.Name, StringComparison.Ordinal) ? 1 : 0);
}
