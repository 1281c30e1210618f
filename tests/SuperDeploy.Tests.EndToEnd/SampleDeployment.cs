using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace SuperDeploy.Tests.EndToEnd;

/// <summary>
/// One run's world: the SDK packed once to a temp feed with a unique version, copies of samples/Api and samples/Admin
/// using it, and names unique to the run (project, apps, edge ports), so runs never touch each other or a demo on the
/// same engine. Stack names are app names (swarm-wide), hence unique app names too. Cleans up every stack, network,
/// volume and config it created, and leaves the engine running.
/// </summary>
public sealed class SampleDeployment : IAsyncLifetime
{
    private readonly string _id = Guid.NewGuid().ToString("N")[..6];
    private TestEnvironment? _env;

    public TestEnvironment Env => _env ?? throw new InvalidOperationException("The environment failed to load; see the first test's error.");
    public string Workspace { get; } = Path.Combine(Path.GetTempPath(), "superdeploy-e2e-" + Guid.NewGuid().ToString("N")[..8]);
    public string Project => $"e2e-{_id}";
    public string ApiApp => $"api-{_id}";
    public string AdminApp => $"admin-{_id}";
    public string ApiDirectory => Path.Combine(Workspace, "Api");
    public string AdminDirectory => Path.Combine(Workspace, "Admin");
    public int EdgeHttpPort { get; } = FreePort();
    public int EdgeHttpsPort { get; } = FreePort();
    public string EdgeService => $"{Project}-edge_caddy";

    /// <summary>The swarm service of one of the Api's processes: `&lt;app&gt;_&lt;app&gt;-&lt;process&gt;`.</summary>
    public string ApiService(string process) => $"{ApiApp}_{ApiApp}-{process}";

    public string AdminService(string process) => $"{AdminApp}_{AdminApp}-{process}";

    /// <summary>Output of the first deploys, kept for later tests.</summary>
    public Shell.Result? ApiFirstDeploy { get; set; }
    public Shell.Result? AdminFirstDeploy { get; set; }
    public DateTimeOffset? ApiFirstDeployedAt { get; set; }

    public static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(20) };

    public async Task InitializeAsync()
    {
        _env = TestEnvironment.Load();
        var repo = Samples.RepoRoot();
        var (version, feed) = await SdkPackage.GetAsync(DotnetEnvironment());

        Samples.Copy(Path.Combine(repo, "samples", "Api"), ApiDirectory);
        Samples.Copy(Path.Combine(repo, "samples", "Admin"), AdminDirectory);
        File.WriteAllText(Path.Combine(Workspace, "global.json"), $$"""{ "msbuild-sdks": { "SuperDeploy.Sdk": "{{version}}" } }""" + "\n");
        File.WriteAllText(Path.Combine(Workspace, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
                <add key="superdeploy-e2e" value="{feed}" />
              </packageSources>
            </configuration>
            """);
    }

    /// <summary>`dotnet publish -t:SuperDeploy` of a sample, as a user would run it against the VM.</summary>
    public Task<Shell.Result> DeployAsync(string directory, string app) => DeployAsync(directory, app, new Dictionary<string, string?>());

    /// <summary>A deploy with extra environment variables (secret values) and properties.</summary>
    public Task<Shell.Result> DeployAsync(string directory, string app, IReadOnlyDictionary<string, string?> environment, params string[] properties) =>
        Shell.RunAsync("dotnet", DeployArguments(app, properties), directory,
            new Dictionary<string, string?>(DotnetEnvironment().Concat(environment)), TimeSpan.FromMinutes(6));

    /// <summary>The command line of <see cref="DeployAsync(string, string)"/> with extra properties.</summary>
    public IReadOnlyList<string> DeployArguments(string app, params string[] properties) =>
        ["publish", "-t:SuperDeploy", .. CommonArguments(app),
            $"-p:ContainerBaseImage={Env.AspNetImage}",
            $"-p:SuperDeployRegistry={Env.Registry}",
            $"-p:SuperDeployCaddyImage={Env.CaddyImage}",
            $"-p:SuperDeployEdgeHttpPort={EdgeHttpPort}",
            $"-p:SuperDeployEdgeHttpsPort={EdgeHttpsPort}", .. properties];

    /// <summary>Cleanup of other test classes' resources on this run's engine, run first in DisposeAsync.</summary>
    public List<Func<Task>> Cleanups { get; } = [];

    /// <summary>`dotnet msbuild -t:&lt;target&gt;` (SuperDeployPs, SuperDeployScale, SuperDeployLogs) of a sample.</summary>
    public Task<Shell.Result> MsBuildAsync(string directory, string app, string target, params string[] properties) =>
        Shell.RunAsync("dotnet", ["msbuild", $"-t:{target}", .. CommonArguments(app), .. properties], directory, DotnetEnvironment(), TimeSpan.FromMinutes(4));

    /// <summary>The argv after `dotnet` of <see cref="MsBuildAsync"/>, for a target run in the background (SuperDeployTunnel).</summary>
    public IReadOnlyList<string> MsBuildArguments(string app, string target, params string[] properties) =>
        ["msbuild", $"-t:{target}", .. CommonArguments(app), .. properties];

    private IEnumerable<string> CommonArguments(string app) =>
    [
        "-nologo", "-nodeReuse:false", "-tl:off",
        $"-p:SuperDeployProject={Project}",
        $"-p:SuperDeployApp={app}",
        $"-p:SuperDeployHost={Env.SshTarget}",
        $"-p:SuperDeploySshPort={Env.SshPort}",
        $"-p:SuperDeploySshIdentityFile={Env.SshIdentity}",
        $"-p:SuperDeployKnownHostsFile={Env.KnownHosts}",
    ];

    /// <summary>GET through the edge with the app's Host header; the JSON body.</summary>
    public async Task<JsonElement> GetJsonAsync(string host, string path = "/")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{EdgeHttpPort}{path}");
        request.Headers.Host = host;
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"{host}{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Distinct replicas answering for a host within a bounded number of requests.</summary>
    public async Task<Dictionary<string, JsonElement>> ReplicasAsync(string host, int expected, int maxRequests = 200)
    {
        var seen = new Dictionary<string, JsonElement>();
        for (var i = 0; i < maxRequests && seen.Count < expected; i++)
        {
            var body = await GetJsonAsync(host);
            seen.TryAdd(body.GetProperty("replica").GetString()!, body);
        }
        return seen;
    }

    public async Task DisposeAsync()
    {
        foreach (var cleanup in Cleanups) await cleanup();
        if (_env is not null)
        {
            // Stacks first (their tasks hold the network and volumes), then what is left of the run on the engine.
            foreach (var stack in new[] { ApiApp, AdminApp, $"{Project}-edge" }) await Shell.Docker("stack", "rm", stack);
            for (var i = 0; i < 60; i++)
            {
                var admin = await Shell.Docker("ps", "-a", "--filter", $"label=com.docker.stack.namespace={AdminApp}", "-q");
                var edge = await Shell.Docker("ps", "-a", "--filter", $"label=com.docker.stack.namespace={Project}-edge", "-q");
                var api = await Shell.Docker("ps", "-a", "--filter", $"label=com.docker.stack.namespace={ApiApp}", "-q");
                if (admin.Output.Trim().Length == 0 && edge.Output.Trim().Length == 0 && api.Output.Trim().Length == 0) break;
                await Task.Delay(1000);
            }
            await RemoveAll(["network", "ls", "--filter", $"name={Project}-net", "--format", "{{.Name}}"], ["network", "rm"]);
            await RemoveAll(["volume", "ls", "--filter", $"name={Project}-edge", "--format", "{{.Name}}"], ["volume", "rm"]);
            await RemoveAll(["config", "ls", "--filter", $"name={Project}-edge-caddyfile", "--format", "{{.Name}}"], ["config", "rm"]);
            foreach (var app in new[] { ApiApp, AdminApp })
            {
                await RemoveAll(["config", "ls", "--filter", $"name=superdeploy-release-{app}-", "--format", "{{.Name}}"], ["config", "rm"]);
                await RemoveAll(["config", "ls", "--filter", $"name=superdeploy-lock-{app}", "--format", "{{.Name}}"], ["config", "rm"]);
            }
        }
        try { Directory.Delete(Workspace, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static async Task RemoveAll(string[] list, string[] remove)
    {
        var names = (await Shell.Docker(list)).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var name in names) await Shell.Docker([.. remove, name]);
    }

    internal Dictionary<string, string?> DotnetEnvironment() => Samples.DotnetEnvironment(Env.InsecureRegistries);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
