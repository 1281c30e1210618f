using System.Text.Json;
using SuperDeploy.Deploy.Commands;
using SuperDeploy.Deploy.Execution;
using SuperDeploy.Deploy.Nodes;

namespace SuperDeploy.Tests.Nodes;

/// <summary>
/// One run's world: the three test nodes (build/env-nodes.sh up, torn down with `down` at the end, cached images
/// kept), the SDK packed to a temp feed with a unique version, and a workspace whose Directory.Build.props declares
/// the nodes the way a user would: vm1 manager+edge, vm2 app, vm3 app+worker. Beside it: a tiny project to run
/// SuperDeployUp from, and a copy of samples/Api whose worker is placed on the `worker` role.
/// </summary>
public sealed class Cluster : IAsyncLifetime
{
    public const string NodesState = "/var/tmp/superdeploy-nodes";
    public static readonly string[] NodeNames = ["vm1", "vm2", "vm3"];

    private readonly string _id = Guid.NewGuid().ToString("N")[..6];
    private NodesEnvironment? _env;

    public NodesEnvironment Env => _env ?? throw new InvalidOperationException("The nodes environment failed to start; see the first test's error.");
    public string Repo { get; } = Samples.RepoRoot();
    public string Workspace { get; } = Path.Combine(Path.GetTempPath(), "superdeploy-nodes-" + Guid.NewGuid().ToString("N")[..8]);
    public string ClusterDirectory => Path.Combine(Workspace, "Cluster");
    public string ApiDirectory => Path.Combine(Workspace, "Api");
    public string Project => $"nodes-{_id}";
    public string ImageTag => $"e2e-{_id}";
    public const string App = "api";
    /// <summary>On the nodes' network, but no machine answers there.</summary>
    public const string BatchAddress = "10.88.0.14";
    public const string Domain = "api.demo.localhost";
    public string Stack => App;
    public string Service(string process) => $"{App}_{App}-{process}";
    public string EdgeService => $"{Project}-edge_caddy";
    public const string CacheAddon = "cache.main";
    public string CacheService => $"{Project}-addon-cache-main_cache-main";
    public string CacheVolume => $"{Project}-cache-main-data";
    public const string DbAddon = "databases.primary";
    public string DbService => $"{Project}-addon-databases-primary_databases-primary";

    /// <summary>What earlier steps saw, for later ones.</summary>
    public Dictionary<string, string> NodeIdsAfterFirstUp { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> RoleLabelsAfterFirstUp { get; } = new(StringComparer.Ordinal);
    public bool Deployed { get; set; }

    public static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(20) };

    public async Task InitializeAsync()
    {
        (await Shell.RunAsync("bash", [Path.Combine(Repo, "build", "env-nodes.sh"), "up"], Repo, timeout: TimeSpan.FromMinutes(5)))
            .EnsureSuccess("build/env-nodes.sh up");
        _env = NodesEnvironment.Load(Path.Combine(NodesState, "env"));

        var version = $"0.1.0-nodes.{DateTime.UtcNow:yyyyMMddHHmmss}.{_id}";
        var feed = Path.Combine(Workspace, "feed");
        Directory.CreateDirectory(feed);
        (await Shell.RunAsync("bash", [Path.Combine(Repo, "build", "pack.sh"), version, feed], Repo, DotnetEnvironment(), TimeSpan.FromMinutes(8)))
            .EnsureSuccess("build/pack.sh");

        File.WriteAllText(Path.Combine(Workspace, "global.json"), $$"""{ "msbuild-sdks": { "SuperDeploy.Sdk": "{{version}}" } }""" + "\n");
        File.WriteAllText(Path.Combine(Workspace, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
                <add key="superdeploy-nodes" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(Workspace, "Directory.Build.props"), $"""
            <Project>
              <!-- The project's machines, shared by every app under this folder. -->
              <PropertyGroup>
                <SuperDeploySshIdentityFile>{Env.Identity}</SuperDeploySshIdentityFile>
                <SuperDeployKnownHostsFile>{Env.KnownHosts}</SuperDeployKnownHostsFile>
              </PropertyGroup>
              <ItemGroup>
                <SuperDeployNode Include="{Env.Target("vm1")}" Role="manager;edge" />
                <SuperDeployNode Include="{Env.Target("vm2")}" Role="app" />
                <SuperDeployNode Include="{Env.Target("vm3")}" Role="app;worker" />
                <!-- A machine added to the list whose SuperDeployUp has not run yet (the SD7101 step turns it on). -->
                <SuperDeployNode Include="root@{BatchAddress}" Role="batch" Condition="'$(WithBatchNode)' == 'true'" />
                <!-- A redis addon pinned to the one `worker` node (the addon step turns it on). -->
                <SuperDeployAddon Include="{CacheAddon}" Type="redis" Image="{Env.NodesRedisImage}" Vm="worker" As="CACHE" Condition="'$(WithCacheAddon)' == 'true'" />
                <!-- A postgres addon pinned there too, for SuperDeployBackup through vm3's engine (same step). -->
                <SuperDeployAddon Include="{DbAddon}" Type="postgres" Image="{Env.NodesPostgresImage}" Vm="worker" As="DB" Condition="'$(WithCacheAddon)' == 'true'" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(Workspace, "Directory.Build.targets"), """
            <Project>
              <!-- The sample's worker runs on the worker role; everything else on the app's default role, `app`. -->
              <ItemGroup>
                <SuperDeployProcess Update="worker" Vm="worker" />
              </ItemGroup>
            </Project>
            """);
        Directory.CreateDirectory(ClusterDirectory);
        File.WriteAllText(Path.Combine(ClusterDirectory, "Cluster.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <Sdk Name="SuperDeploy.Sdk" />
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
            </Project>
            """);
        Samples.Copy(Path.Combine(Repo, "samples", "Api"), ApiDirectory);
    }

    /// <summary>`dotnet build -t:SuperDeployUp` of the small project, as a user would run it.</summary>
    public Task<Shell.Result> UpAsync() =>
        Shell.RunAsync("dotnet", ["build", "-t:SuperDeployUp", "-nologo", "-nodeReuse:false", "-tl:off", "-v:n"], ClusterDirectory, DotnetEnvironment(), TimeSpan.FromMinutes(6));

    /// <summary>
    /// `dotnet publish -t:SuperDeploy` of the Api sample, as a user would run it: over SSH to vm1 (the manager), the image
    /// pushed to and pulled from the nodes' registry, Caddy from it too. The SSH key and known_hosts, and the nodes, come
    /// from the workspace's Directory.Build.props.
    /// </summary>
    public Task<Shell.Result> DeployApiAsync(string? imageTag = null, params string[] properties) =>
        Shell.RunAsync("dotnet",
        [
            "publish", "-t:SuperDeploy", .. CommonArguments,
            $"-p:SuperDeployRegistry={Env.NodeRegistry}",
            $"-p:SuperDeployImageTag={imageTag ?? ImageTag}",
            $"-p:ContainerBaseImage={Env.NodesAspNetImage}",
            $"-p:SuperDeployCaddyImage={Env.CaddyImage}",
            .. properties,
        ], ApiDirectory, DotnetEnvironment(), TimeSpan.FromMinutes(8));

    /// <summary>`dotnet msbuild -t:&lt;target&gt;` of the Api sample against vm1 (SuperDeployPs).</summary>
    public Task<Shell.Result> MsBuildApiAsync(string target, params string[] properties) =>
        Shell.RunAsync("dotnet", ["msbuild", $"-t:{target}", .. CommonArguments, .. properties], ApiDirectory, DotnetEnvironment(), TimeSpan.FromMinutes(4));

    private string[] CommonArguments =>
    [
        "-nologo", "-nodeReuse:false", "-tl:off",
        $"-p:SuperDeployProject={Project}",
        $"-p:SuperDeployHost={Env.Target("vm1")}",
    ];

    /// <summary>A docker command on a node, over SSH with the nodes' key and known_hosts (its sshd points docker at its engine).</summary>
    public Task<Shell.Result> DockerOn(string node, IEnumerable<string> args, string? stdin = null, TimeSpan? timeout = null) =>
        Shell.RunAsync("ssh",
        [
            "-i", Env.Identity, "-o", "IdentitiesOnly=yes", "-o", $"UserKnownHostsFile={Env.KnownHosts}", "-o", "StrictHostKeyChecking=yes",
            "-o", "BatchMode=yes", "-o", "ConnectTimeout=10", Env.Target(node), "--",
            PosixShell.Join(["docker", .. args]),
        ], timeout: timeout ?? TimeSpan.FromMinutes(3), stdin: stdin);

    public Task<Shell.Result> Manager(params string[] args) => DockerOn("vm1", args);

    /// <summary>The swarm as the manager sees it, parsed by the product's own parser.</summary>
    public async Task<IReadOnlyList<SwarmNode>> NodesAsync()
    {
        var ids = (await Manager([.. SwarmNodeCommands.ListNodeIds().Argv.Skip(1)])).EnsureSuccess("docker node ls").Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var inspect = await Manager([.. SwarmNodeCommands.InspectNodes(ids).Argv.Skip(1)]);
        return SwarmNode.ParseAll(inspect.EnsureSuccess("docker node inspect").Stdout);
    }

    /// <summary>Running (and starting) replicas of the services with their nodes, parsed by the product's ReplicaNodes.</summary>
    public async Task<IReadOnlyList<ReplicaNodes.Replica>> ReplicasAsync(params string[] services)
    {
        var result = await Manager([.. ServiceCommands.ReplicaNodes(services).Argv.Skip(1)]);
        return ReplicaNodes.Parse(result.EnsureSuccess("docker service ps").Stdout);
    }

    /// <summary>GET / through the edge on vm1 with the app's Host header; the replica (container host name) that answered.</summary>
    public async Task<string> GetReplicaAsync(CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{Env.Address("vm1")}/");
        request.Headers.Host = Domain;
        using var response = await Http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"{(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("replica").GetString()!;
    }

    /// <summary>Container host name (the first 12 characters of its id) -> node host name, for the running tasks of a service.</summary>
    public async Task<Dictionary<string, string>> ContainerNodesAsync(string service)
    {
        var tasks = (await Manager("service", "ps", "--filter", "desired-state=running", "--no-trunc", "--quiet", service)).EnsureSuccess("service ps").Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var nodes = (await NodesAsync()).ToDictionary(n => n.Id, n => n.Hostname);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (tasks.Length == 0) return result;
        var inspect = await Manager(["inspect", "--type", "task", "--format", "{{.NodeID}} {{with .Status.ContainerStatus}}{{.ContainerID}}{{end}}", .. tasks]);
        foreach (var line in inspect.EnsureSuccess("inspect tasks").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Trim().Split(' ');
            if (parts.Length == 2 && parts[1].Length >= 12) result[parts[1][..12]] = nodes.GetValueOrDefault(parts[0], parts[0]);
        }
        return result;
    }

    public async Task DisposeAsync()
    {
        var down = await Shell.RunAsync("bash", [Path.Combine(Repo, "build", "env-nodes.sh"), "down"], Repo, timeout: TimeSpan.FromMinutes(5));
        if (down.ExitCode != 0) Console.Error.WriteLine("build/env-nodes.sh down failed:\n" + down.Output);
        try { Directory.Delete(Workspace, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>The host's registry and the same registry as the nodes reach it.</summary>
    private Dictionary<string, string?> DotnetEnvironment() =>
        Samples.DotnetEnvironment(_env is null ? "127.0.0.1:5000" : $"{_env.InsecureRegistries};{_env.NodeRegistry}");
}
