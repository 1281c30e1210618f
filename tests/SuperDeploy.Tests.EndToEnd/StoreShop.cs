using System.Net;
using System.Net.Sockets;

namespace SuperDeploy.Tests.EndToEnd;

/// <summary>
/// samples/Store and its addons (postgres, redis, rabbitmq) in a project of their own on a run's engine: project
/// `&lt;run project&gt;-s`, its own edge ports (hence its own edge and network), the offline addon images. Writes the
/// shop's Directory.Build.props, talks to the apps through the shop's edge with a Host header, reads an addon
/// container's identity, and removes everything the shop created.
/// </summary>
public sealed class StoreShop(SampleDeployment world, int edgeHttpPort, int edgeHttpsPort)
{
    public const string StoreHost = "store.demo.localhost";

    /// <summary>The Store's addons, as their Docker keys (dots as dashes).</summary>
    public static readonly string[] StoreAddons = ["databases-primary", "caches-main", "queues-main"];

    public string Project => world.Project + "-s";
    public int EdgeHttpPort => edgeHttpPort;
    public int EdgeHttpsPort => edgeHttpsPort;
    public string Directory => Path.Combine(world.Workspace, "shop");
    public string StoreDirectory => Path.Combine(Directory, "Store");
    public string StoreApp => world.ApiApp.Replace("api-", "store-");
    public string EdgeService => $"{Project}-edge_caddy";
    public string AddonStack(string key) => $"{Project}-addon-{key}";
    public string AddonService(string key) => $"{AddonStack(key)}_{key}";

    /// <summary>After the world's common arguments, so these win: the shop's project and edge, the offline addon images.</summary>
    public string[] Extra =>
    [
        $"-p:SuperDeployProject={Project}", $"-p:SuperDeployEdgeHttpPort={EdgeHttpPort}", $"-p:SuperDeployEdgeHttpsPort={EdgeHttpsPort}",
        $"-p:StorePostgresImage={world.Env.PostgresImage}", $"-p:StoreRedisImage={world.Env.RedisImage}",
        $"-p:StoreRabbitMqImage={world.Env.RabbitMqImage}",
    ];

    /// <summary>
    /// Copies samples/Store into the shop and declares the project's addons once in its Directory.Build.props: the
    /// Store's three (which it attaches as DB, CACHE, QUEUE) and <paramref name="moreAddons"/> (SuperDeployAddon items).
    /// </summary>
    public void CreateStore(params string[] moreAddons)
    {
        Samples.Copy(Path.Combine(Samples.RepoRoot(), "samples", "Store"), StoreDirectory);
        var items = new[]
        {
            """<SuperDeployAddon Include="databases.primary" Type="postgres" Version="16" Image="$(StorePostgresImage)" />""",
            """<SuperDeployAddon Include="caches.main" Type="redis" Version="7" Image="$(StoreRedisImage)" Memory="256M" />""",
            """<SuperDeployAddon Include="queues.main" Type="rabbitmq" Version="3" Image="$(StoreRabbitMqImage)" />""",
        }.Concat(moreAddons);
        File.WriteAllText(Path.Combine(Directory, "Directory.Build.props"),
            "<Project>\n  <ItemGroup>\n" + string.Concat(items.Select(i => $"    {i}\n")) + "  </ItemGroup>\n</Project>\n");
    }

    public Task<Shell.Result> DeployStoreAsync() => world.DeployAsync(StoreDirectory, StoreApp, new Dictionary<string, string?>(), Extra);

    public Task<string> GetTextAsync(string host, string path) => SendAsync(HttpMethod.Get, host, path);

    /// <summary>A request through the shop's edge with the app's Host header; the body, or an exception on an error status.</summary>
    public async Task<string> SendAsync(HttpMethod method, string host, string path)
    {
        var (status, body) = await RequestAsync(method, host, path);
        if ((int)status is < 200 or > 299) throw new HttpRequestException($"{method} {host}{path}: {(int)status} {body}");
        return body;
    }

    public async Task<(HttpStatusCode Status, string Body)> RequestAsync(HttpMethod method, string host, string path)
    {
        using var request = new HttpRequestMessage(method, $"http://127.0.0.1:{EdgeHttpPort}{path}");
        request.Headers.Host = host;
        using var response = await SampleDeployment.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The Store's next message (GET /queue); null when the queue is empty (404).</summary>
    public async Task<string?> NextMessageAsync()
    {
        var (status, body) = await RequestAsync(HttpMethod.Get, StoreHost, "/queue");
        if (status == HttpStatusCode.NotFound) return null;
        if (status != HttpStatusCode.OK) throw new HttpRequestException($"GET {StoreHost}/queue: {(int)status} {body}");
        return body;
    }

    /// <summary>Per addon: container id, start time and restart count of its one running container.</summary>
    public async Task<Dictionary<string, string>> AddonIdentitiesAsync(params string[] keys)
    {
        var identities = new Dictionary<string, string>();
        foreach (var key in keys)
        {
            var container = await ContainerAsync(AddonService(key));
            identities[key] = (await Shell.Docker("inspect", "--format", "{{.Id}} {{.State.StartedAt}} {{.RestartCount}}", container))
                .EnsureSuccess("docker inspect").Output.Trim();
        }
        return identities;
    }

    public static async Task<string> ContainerAsync(string service)
    {
        var ids = (await Shell.Docker("ps", "-q", "--filter", $"label=com.docker.swarm.service.name={service}")).EnsureSuccess("docker ps").Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return Assert.Single(ids);
    }

    /// <summary>
    /// Everything the shop created on the engine: the apps' and addons' stacks and the edge, then the addons' volumes,
    /// the project's secrets (addon credentials and app secrets), the network, the edge's volume and config, the apps'
    /// release and lock configs.
    /// </summary>
    public async Task CleanupAsync(IEnumerable<string> apps, IEnumerable<string> addons)
    {
        var appList = apps.ToList();
        var addonList = addons.ToList();
        var stacks = appList.Concat(addonList.Select(AddonStack)).Append($"{Project}-edge").ToList();
        foreach (var stack in stacks) await Shell.Docker("stack", "rm", stack);
        for (var i = 0; i < 60; i++)
        {
            var left = 0;
            foreach (var stack in stacks)
                left += (await Shell.Docker("ps", "-a", "-q", "--filter", $"label=com.docker.stack.namespace={stack}")).Output.Trim().Length;
            if (left == 0) break;
            await Task.Delay(1000);
        }
        foreach (var key in addonList) await Shell.Docker("volume", "rm", $"{Project}-{key}-data");
        await Shell.Docker("network", "rm", $"{Project}-net");
        await RemoveAll("volume", ["--filter", $"name={Project}-edge"]);
        await RemoveAll("config", ["--filter", $"name={Project}-edge-caddyfile"]);
        await RemoveAll("secret", ["--filter", $"label=superdeploy.project={Project}"]);
        var configs = await NamesAsync("config", ["--filter", "name=superdeploy-"]);
        foreach (var app in appList)
        {
            foreach (var config in configs.Where(c => c.StartsWith($"superdeploy-release-{app}-", StringComparison.Ordinal) || c == $"superdeploy-lock-{app}"))
                await Shell.Docker("config", "rm", config);
        }
    }

    private static async Task RemoveAll(string kind, string[] filter)
    {
        foreach (var name in await NamesAsync(kind, filter)) await Shell.Docker(kind, "rm", name);
    }

    private static async Task<string[]> NamesAsync(string kind, string[] filter) =>
        (await Shell.Docker([kind, "ls", .. filter, "--format", "{{.Name}}"])).Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A bounded number of tries, a little apart: the Store's clients reconnect on their own after an addon restarts.</summary>
    public static async Task<T> RetriedAsync<T>(Func<Task<T>> read)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await read();
            }
            catch (Exception e) when ((e is HttpRequestException or TaskCanceledException) && attempt < 15)
            {
                await Task.Delay(2000);
            }
        }
    }
}
