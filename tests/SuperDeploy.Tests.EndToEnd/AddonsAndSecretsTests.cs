using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SuperDeploy.Tests.EndToEnd;

/// <summary>
/// Secrets and addons on the real engine, in the run's project (so the run's cleanup and edge apply): a SuperDeploySecret
/// reaches the web process and nothing else; samples/Store writes through its postgres and redis addons, a redeploy
/// keeps the data and never restarts them; an app without the attachment has no credentials; backup then restore into
/// a fresh addon gives the same rows.
/// </summary>
[Collection(EndToEndCollection.Name)]
[TestCaseOrderer(StepOrderer.Name, StepOrderer.Assembly)]
public sealed class AddonsAndSecretsTests
{
    private const string SecretHost = "secret.demo.localhost";
    private const string StoreHost = "store.demo.localhost";

    private static readonly string SecretValue = "sv-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
    private static readonly List<Shell.Result> SecretOutputs = [];
    private static readonly List<Shell.Result> StoreOutputs = [];
    private static Dictionary<string, string>? _addonIdentities;
    private static bool _cleanupRegistered;

    // Its own project (hence its own edge and network), so the order of test classes in the collection does not matter.
    private static readonly int EdgeHttpPort = FreePort();
    private static readonly int EdgeHttpsPort = FreePort();

    private readonly SampleDeployment _world;
    private readonly ITestOutputHelper _log;

    public AddonsAndSecretsTests(SampleDeployment world, ITestOutputHelper log)
    {
        _world = world;
        _log = log;
        lock (SecretOutputs)
        {
            if (_cleanupRegistered) return;
            world.Cleanups.Add(CleanupAsync);
            _cleanupRegistered = true;
        }
    }

    private string Project => _world.Project + "-s";
    private string Shop => Path.Combine(_world.Workspace, "shop");
    private string SecretDirectory => Path.Combine(_world.Workspace, "secret", "Api");
    private string StoreDirectory => Path.Combine(Shop, "Store");
    private string ShopAdminDirectory => Path.Combine(Shop, "Admin");
    private string SecretApp => _world.ApiApp.Replace("api-", "secret-");
    private string StoreApp => _world.ApiApp.Replace("api-", "store-");
    private string ShopAdminApp => _world.ApiApp.Replace("api-", "shopadmin-");
    private string AddonService(string key) => $"{Project}-addon-{key}_{key}";

    /// <summary>After the world's common arguments, so these win: this class's project and edge, the offline addon images.</summary>
    private string[] Extra =>
    [
        $"-p:SuperDeployProject={Project}", $"-p:SuperDeployEdgeHttpPort={EdgeHttpPort}", $"-p:SuperDeployEdgeHttpsPort={EdgeHttpsPort}",
        $"-p:StorePostgresImage={_world.Env.PostgresImage}", $"-p:StoreRedisImage={_world.Env.RedisImage}",
    ];

    [Fact, Step(101)]
    public async Task AMissingSecretStopsTheDeployBeforeAnythingChanges()
    {
        var repo = SampleDeployment.RepoRoot();
        SampleDeployment.CopySample(Path.Combine(repo, "samples", "Api"), SecretDirectory);
        var project = Path.Combine(SecretDirectory, "Api.csproj");
        var text = File.ReadAllText(project)
            .Replace("api.demo.localhost", SecretHost)
            .Replace("</Project>", "  <ItemGroup>\n    <SuperDeploySecret Include=\"SAMPLE_SECRET\" />\n  </ItemGroup>\n</Project>");
        // Web and release only: the secret's path through the release job and the services is what is under test.
        File.WriteAllLines(project, text.Split('\n').Where(l => !l.Contains("Include=\"worker\"") && !l.Contains("Include=\"tick\"")));

        var result = await Timed("deploy without SAMPLE_SECRET", () =>
            _world.DeployAsync(SecretDirectory, SecretApp, new Dictionary<string, string?> { ["SAMPLE_SECRET"] = null }, Extra));
        SecretOutputs.Add(result);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(Lines(result, "error SD3050"), l => l.Contains("SAMPLE_SECRET"));
        Assert.DoesNotContain("✓ lock", result.Output);
        var services = await Shell.Docker("service", "ls", "--filter", $"label=com.docker.stack.namespace={SecretApp}", "-q");
        Assert.Equal("", services.Output.Trim());
    }

    [Fact, Step(102)]
    public async Task ASecretReachesTheWebProcessAndNothingElse()
    {
        var result = await Timed("deploy with SAMPLE_SECRET", () =>
            _world.DeployAsync(SecretDirectory, SecretApp, new Dictionary<string, string?> { ["SAMPLE_SECRET"] = SecretValue }, Extra));
        SecretOutputs.Add(result);
        result.EnsureSuccess("dotnet publish -t:SuperDeploy (secret)");
        Assert.Contains(Lines(result, "✓ secrets: 1 created"), _ => true);
        Assert.Single(Lines(result, "release: ran"));

        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(SecretValue)));
        Assert.Equal(expected, await GetTextAsync(SecretHost, "/secret-check"));

        foreach (var output in SecretOutputs) AssertAbsent(output.Output, "the build and deploy output");
        foreach (var file in Directory.EnumerateFiles(SecretDirectory, "*", SearchOption.AllDirectories))
            AssertAbsent(await File.ReadAllBytesAsync(file), file);

        var service = $"{SecretApp}_{SecretApp}-web";
        var spec = (await Shell.Docker("service", "inspect", service)).EnsureSuccess("docker service inspect").Output;
        AssertAbsent(spec, "docker service inspect " + service);
        Assert.Contains("SAMPLE_SECRET", spec);
        var image = JsonDocument.Parse(spec).RootElement[0].GetProperty("Spec").GetProperty("TaskTemplate").GetProperty("ContainerSpec")
            .GetProperty("Image").GetString()!.Split('@')[0];
        // Swarm pulled it by digest; the tag from the registry is the same image.
        (await Shell.Docker("pull", "-q", image)).EnsureSuccess("docker pull " + image);
        AssertAbsent((await Shell.Docker("history", "--no-trunc", image)).EnsureSuccess("docker history").Output, "docker history");
        AssertAbsent((await Shell.Docker("image", "inspect", image)).EnsureSuccess("docker image inspect").Output, "docker image inspect");
        var tar = Path.Combine(_world.Workspace, "secret-image.tar");
        (await Shell.Docker("save", "-o", tar, image)).EnsureSuccess("docker save");
        AssertAbsent(await File.ReadAllBytesAsync(tar), "docker save " + image);
        File.Delete(tar);
    }

    [Fact, Step(103)]
    public async Task TheStoreWritesThroughItsPostgresAndRedisAddons()
    {
        var repo = SampleDeployment.RepoRoot();
        SampleDeployment.CopySample(Path.Combine(repo, "samples", "Store"), StoreDirectory);
        SampleDeployment.CopySample(Path.Combine(repo, "samples", "Admin"), ShopAdminDirectory);
        // The project's addons, declared once for both apps; only Store attaches DB and CACHE, the admin attaches a spare.
        File.WriteAllText(Path.Combine(Shop, "Directory.Build.props"), """
            <Project>
              <ItemGroup>
                <SuperDeployAddon Include="databases.primary" Type="postgres" Version="16" Image="$(StorePostgresImage)" />
                <SuperDeployAddon Include="caches.main" Type="redis" Version="7" Image="$(StoreRedisImage)" Memory="256M" />
                <SuperDeployAddon Include="databases.spare" Type="postgres" Version="16" Image="$(StorePostgresImage)" />
              </ItemGroup>
            </Project>
            """);
        var admin = Path.Combine(ShopAdminDirectory, "Admin.csproj");
        File.WriteAllText(admin, File.ReadAllText(admin).Replace("admin.demo.localhost", "shopadmin.demo.localhost")
            .Replace("</Project>", "  <ItemGroup>\n    <SuperDeployAddon Update=\"databases.spare\" As=\"SPARE\" />\n  </ItemGroup>\n</Project>"));

        var result = await Timed("deploy Store", () => _world.DeployAsync(StoreDirectory, StoreApp, new Dictionary<string, string?>(), Extra));
        StoreOutputs.Add(result);
        result.EnsureSuccess("dotnet publish -t:SuperDeploy (Store)");
        Assert.Contains(Lines(result, "✓ addons: databases.primary created, caches.main created"), _ => true);
        Assert.Contains(Lines(result, "release: migrated"), _ => true);
        Assert.True(File.Exists(Path.Combine(StoreDirectory, "obj", "superdeploy", "addons", $"{Project}-addon-databases-primary.yml")));

        await SendAsync(HttpMethod.Post, StoreHost, "/rows?value=first");
        await SendAsync(HttpMethod.Post, StoreHost, "/rows?value=second");
        await SendAsync(HttpMethod.Put, StoreHost, "/cache/greeting?value=hello");
        Assert.Equal("[\"first\",\"second\"]", await GetTextAsync(StoreHost, "/rows"));
        Assert.Equal("hello", await GetTextAsync(StoreHost, "/cache/greeting"));
        _addonIdentities = await AddonIdentitiesAsync();
    }

    [Fact, Step(104)]
    public async Task RedeployingTheStoreKeepsTheDataAndNeverRestartsTheAddons()
    {
        var version = Path.Combine(StoreDirectory, "AppVersion.cs");
        File.WriteAllText(version, File.ReadAllText(version).Replace("\"v1\"", "\"v2\""));
        var result = await Timed("redeploy Store v2", () => _world.DeployAsync(StoreDirectory, StoreApp, new Dictionary<string, string?>(), Extra));
        StoreOutputs.Add(result);
        result.EnsureSuccess("dotnet publish -t:SuperDeploy (Store v2)");
        Assert.Contains(Lines(result, "✓ addons: databases.primary unchanged, caches.main unchanged"), _ => true);

        Assert.Equal("v2", JsonDocument.Parse(await GetTextAsync(StoreHost, "/")).RootElement.GetProperty("version").GetString());
        Assert.Equal("[\"first\",\"second\"]", await GetTextAsync(StoreHost, "/rows"));
        Assert.Equal("hello", await GetTextAsync(StoreHost, "/cache/greeting"));
        Assert.Equal(_addonIdentities, await AddonIdentitiesAsync());

        // The generated password is nowhere but in the secret: not in the outputs, the generated files, the app's spec.
        var container = await ContainerAsync(AddonService("databases-primary"));
        var password = (await Shell.Docker("exec", container, "cat", "/run/secrets/password")).EnsureSuccess("read password").Output.Trim();
        Assert.Equal(32, password.Length);
        foreach (var output in StoreOutputs) AssertAbsent(output.Output, "Store deploy output", password);
        foreach (var file in Directory.EnumerateFiles(StoreDirectory, "*", SearchOption.AllDirectories))
            AssertAbsent(await File.ReadAllBytesAsync(file), file, password);
        AssertAbsent((await Shell.Docker("service", "inspect", $"{StoreApp}_{StoreApp}-web")).Output, "Store service spec", password);
        AssertAbsent((await Shell.Docker("service", "inspect", AddonService("databases-primary"))).Output, "addon service spec", password);
    }

    [Fact, Step(105)]
    public async Task AnAppWithoutTheAttachmentHasNoCredentials()
    {
        var result = await Timed("deploy shop admin", () => _world.DeployAsync(ShopAdminDirectory, ShopAdminApp, new Dictionary<string, string?>(), Extra));
        result.EnsureSuccess("dotnet publish -t:SuperDeploy (shop admin)");
        Assert.Contains(Lines(result, "✓ addons: databases.spare created"), _ => true);

        var spec = (await Shell.Docker("service", "inspect", $"{ShopAdminApp}_{ShopAdminApp}-web")).EnsureSuccess("inspect admin").Output;
        var environment = (await Shell.Docker("exec", await ContainerAsync($"{ShopAdminApp}_{ShopAdminApp}-web"), "cat", "/proc/1/environ"))
            .EnsureSuccess("admin environment").Output.Split('\0');
        foreach (var text in new[] { spec }.Concat(environment))
        {
            Assert.DoesNotContain("DB_", text);
            Assert.DoesNotContain("CACHE_", text);
            Assert.DoesNotContain("databases-primary-", text);
            Assert.DoesNotContain("caches-main-", text);
        }
        Assert.Contains(environment, v => v.StartsWith("SPARE_URL=postgres://app:", StringComparison.Ordinal));
        Assert.Contains(environment, v => v == "SPARE_HOST=databases-spare");
    }

    [Fact, Step(106)]
    public async Task BackupThenRestoreIntoAFreshAddonGivesTheSameRows()
    {
        var file = Path.Combine(_world.Workspace, "primary.dump");
        var backup = await Timed("backup", () => _world.MsBuildAsync(StoreDirectory, StoreApp, "SuperDeployBackup",
            [.. Extra, "-p:Addon=databases.primary", $"-p:BackupFile={file}"]));
        backup.EnsureSuccess("SuperDeployBackup");
        Assert.True(new FileInfo(file).Length > 0);

        var unconfirmed = await _world.MsBuildAsync(ShopAdminDirectory, ShopAdminApp, "SuperDeployRestore",
            [.. Extra, "-p:Addon=databases.spare", $"-p:BackupFile={file}"]);
        Assert.NotEqual(0, unconfirmed.ExitCode);
        Assert.Contains("error SD3054", unconfirmed.Output);
        Assert.Equal("", await SpareRowsAsync(allowMissingTable: true));

        var restore = await Timed("restore", () => _world.MsBuildAsync(ShopAdminDirectory, ShopAdminApp, "SuperDeployRestore",
            [.. Extra, "-p:Addon=databases.spare", $"-p:BackupFile={file}", "-p:Confirm=true"]));
        restore.EnsureSuccess("SuperDeployRestore");
        Assert.Equal("first\nsecond", await SpareRowsAsync(allowMissingTable: false));
    }

    private async Task<string> SpareRowsAsync(bool allowMissingTable)
    {
        var container = await ContainerAsync(AddonService("databases-spare"));
        var result = await Shell.Docker("exec", container, "psql", "-U", "app", "-d", "app", "-At", "-c", "SELECT value FROM rows ORDER BY id");
        if (allowMissingTable && result.ExitCode != 0 && result.Output.Contains("does not exist")) return "";
        return result.EnsureSuccess("psql in the spare addon").Output.Trim();
    }

    private async Task<Dictionary<string, string>> AddonIdentitiesAsync()
    {
        var identities = new Dictionary<string, string>();
        foreach (var key in new[] { "databases-primary", "caches-main" })
        {
            var container = await ContainerAsync(AddonService(key));
            identities[key] = (await Shell.Docker("inspect", "--format", "{{.Id}} {{.State.StartedAt}} {{.RestartCount}}", container))
                .EnsureSuccess("docker inspect").Output.Trim();
        }
        return identities;
    }

    private static async Task<string> ContainerAsync(string service)
    {
        var ids = (await Shell.Docker("ps", "-q", "--filter", $"label=com.docker.swarm.service.name={service}")).EnsureSuccess("docker ps").Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return Assert.Single(ids);
    }

    private async Task<string> GetTextAsync(string host, string path) => await SendAsync(HttpMethod.Get, host, path);

    private async Task<string> SendAsync(HttpMethod method, string host, string path)
    {
        using var request = new HttpRequestMessage(method, $"http://127.0.0.1:{EdgeHttpPort}{path}");
        request.Headers.Host = host;
        using var response = await SampleDeployment.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"{method} {host}{path}: {(int)response.StatusCode} {body}");
        return body;
    }

    private static void AssertAbsent(string text, string where, string? value = null) =>
        Assert.False(text.Contains(value ?? SecretValue, StringComparison.Ordinal), $"the secret value is in {where}");

    private static void AssertAbsent(byte[] bytes, string where, string? value = null) =>
        Assert.False(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value ?? SecretValue)) >= 0, $"the secret value is in {where}");

    private async Task<Shell.Result> Timed(string what, Func<Task<Shell.Result>> run)
    {
        var watch = Stopwatch.StartNew();
        var result = await run();
        _log.WriteLine($"--- {what}: {watch.Elapsed.TotalSeconds:0.0} s, exit {result.ExitCode}");
        _log.WriteLine(result.Output);
        return result;
    }

    private static List<string> Lines(Shell.Result result, string text) =>
        result.Output.Split('\n').Where(l => l.Contains(text, StringComparison.Ordinal)).Select(l => l.Trim()).ToList();

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Everything these tests created on the engine: app and addon stacks, then volumes, secrets and configs.</summary>
    private async Task CleanupAsync()
    {
        var project = Project;
        var stacks = new[] { SecretApp, StoreApp, ShopAdminApp, $"{project}-addon-databases-primary", $"{project}-addon-caches-main", $"{project}-addon-databases-spare", $"{project}-edge" };
        foreach (var stack in stacks) await Shell.Docker("stack", "rm", stack);
        for (var i = 0; i < 60; i++)
        {
            var left = 0;
            foreach (var stack in stacks)
                left += (await Shell.Docker("ps", "-a", "-q", "--filter", $"label=com.docker.stack.namespace={stack}")).Output.Trim().Length;
            if (left == 0) break;
            await Task.Delay(1000);
        }
        foreach (var key in new[] { "databases-primary", "caches-main", "databases-spare" }) await Shell.Docker("volume", "rm", $"{project}-{key}-data");
        await Shell.Docker("network", "rm", $"{project}-net");
        foreach (var (kind, prefix) in new[] { ("volume", $"{project}-edge"), ("config", $"{project}-edge-caddyfile") })
        {
            var names = (await Shell.Docker(kind, "ls", "--filter", $"name={prefix}", "--format", "{{.Name}}")).Output
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var name in names) await Shell.Docker(kind, "rm", name);
        }
        var secrets = (await Shell.Docker("secret", "ls", "--filter", $"label=superdeploy.project={project}", "--format", "{{.Name}}")).Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var secret in secrets) await Shell.Docker("secret", "rm", secret);
        foreach (var app in new[] { SecretApp, StoreApp, ShopAdminApp })
        {
            var configs = (await Shell.Docker("config", "ls", "--filter", $"name=superdeploy-", "--format", "{{.Name}}")).Output
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(c => c.StartsWith($"superdeploy-release-{app}-", StringComparison.Ordinal) || c == $"superdeploy-lock-{app}");
            foreach (var config in configs) await Shell.Docker("config", "rm", config);
        }
    }
}
