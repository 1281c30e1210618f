using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using static SuperDeploy.Tests.EndToEnd.TestOutput;

namespace SuperDeploy.Tests.EndToEnd;

/// <summary>
/// Secrets and addons on the real engine, in the run's project (so the run's cleanup and edge apply): a SuperDeploySecret
/// reaches the web process and nothing else; samples/Store writes through its postgres, redis and rabbitmq addons, a
/// redeploy, a rollback and a scale keep the data (rows, keys, durable messages) and never restart them; an app without
/// the attachment has no credentials; backup then restore into a fresh addon gives the same rows.
/// </summary>
[Collection(AddonsCollection.Name)]
[TestCaseOrderer(StepOrderer.Name, StepOrderer.Assembly)]
public sealed partial class AddonsAndSecretsTests
{
    private const string SecretHost = "secret.demo.localhost";
    private const string StoreHost = StoreShop.StoreHost;

    private static readonly string SecretValue = "sv-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
    private static readonly List<Shell.Result> SecretOutputs = [];
    private static readonly List<Shell.Result> StoreOutputs = [];
    private static Dictionary<string, string>? _addonIdentities;
    private static string? _firstStoreTag;
    private static bool _cleanupRegistered;

    // Its own project (hence its own edge and network), so the order of test classes in the collection does not matter.
    private static readonly int EdgeHttpPort = FreePort();
    private static readonly int EdgeHttpsPort = FreePort();

    private readonly SampleDeployment _world;
    private readonly ITestOutputHelper _log;
    private readonly StoreShop _shop;

    public AddonsAndSecretsTests(SampleDeployment world, ITestOutputHelper log)
    {
        _world = world;
        _log = log;
        _shop = new StoreShop(world, EdgeHttpPort, EdgeHttpsPort);
        lock (SecretOutputs)
        {
            if (_cleanupRegistered) return;
            world.Cleanups.Add(CleanupAsync);
            _cleanupRegistered = true;
        }
    }

    private string Project => _shop.Project;
    private string Shop => _shop.Directory;
    private string SecretDirectory => Path.Combine(_world.Workspace, "secret", "Api");
    private string StoreDirectory => _shop.StoreDirectory;
    private string ShopAdminDirectory => Path.Combine(Shop, "Admin");
    private string SecretApp => _world.ApiApp.Replace("api-", "secret-");
    private string StoreApp => _shop.StoreApp;
    private string ShopAdminApp => _world.ApiApp.Replace("api-", "shopadmin-");
    private string AddonService(string key) => _shop.AddonService(key);

    /// <summary>After the world's common arguments, so these win: this class's project and edge, the offline addon images.</summary>
    private string[] Extra => _shop.Extra;

    [Fact, Step(101)]
    public async Task AMissingSecretStopsTheDeployBeforeAnythingChanges()
    {
        var repo = Samples.RepoRoot();
        Samples.Copy(Path.Combine(repo, "samples", "Api"), SecretDirectory);
        var project = Path.Combine(SecretDirectory, "Api.csproj");
        var text = File.ReadAllText(project)
            .Replace("api.demo.localhost", SecretHost)
            .Replace("</Project>", "  <ItemGroup>\n    <SuperDeploySecret Include=\"SAMPLE_SECRET\" />\n  </ItemGroup>\n</Project>");
        // Web and release only: the secret's path through the release job and the services is what is under test.
        File.WriteAllLines(project, text.Split('\n').Where(l => !l.Contains("Include=\"worker\"") && !l.Contains("Include=\"tick\"")));

        var result = await _log.Timed("deploy without SAMPLE_SECRET", () =>
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
        var result = await _log.Timed("deploy with SAMPLE_SECRET", () =>
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

    [Fact, Step(109)]
    public async Task ANewSecretValueReplacesTheOldVersionWhichIsRemoved()
    {
        var before = await AppSecretNamesAsync();
        var value = SecretValue + "-rotated";
        var result = await _log.Timed("deploy with a new SAMPLE_SECRET", () =>
            _world.DeployAsync(SecretDirectory, SecretApp, new Dictionary<string, string?> { ["SAMPLE_SECRET"] = value }, Extra));
        result.EnsureSuccess("dotnet publish -t:SuperDeploy (rotated secret)");
        Assert.Contains(Lines(result, "✓ secrets: 1 created, 0 unchanged"), _ => true);
        Assert.Contains(Lines(result, "✓ secrets: removed 1 old version ("), _ => true);

        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
        Assert.Equal(expected, await GetTextAsync(SecretHost, "/secret-check"));
        // Only the version the service mounts is left: the release job that mounted the old one is gone too.
        var mounted = Assert.Single(await AppSecretNamesAsync());
        Assert.DoesNotContain(mounted, before);
        var spec = (await Shell.Docker("service", "inspect", $"{SecretApp}_{SecretApp}-web")).EnsureSuccess("inspect").Output;
        Assert.Contains(mounted, spec);
        AssertAbsent(result.Output, "the rotated deploy's output", value);
    }

    private async Task<string[]> AppSecretNamesAsync() =>
        (await Shell.Docker("secret", "ls", "--filter", $"label=superdeploy.app={SecretApp}", "--format", "{{.Name}}"))
            .EnsureSuccess("docker secret ls").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact, Step(103)]
    public async Task TheStoreWritesThroughItsPostgresRedisAndRabbitMqAddons()
    {
        // The project's addons, declared once for both apps; only Store attaches DB, CACHE and QUEUE, the admin attaches a spare.
        _shop.CreateStore("""<SuperDeployAddon Include="databases.spare" Type="postgres" Version="16" Image="$(StorePostgresImage)" />""");
        Samples.Copy(Path.Combine(Samples.RepoRoot(), "samples", "Admin"), ShopAdminDirectory);
        var admin = Path.Combine(ShopAdminDirectory, "Admin.csproj");
        File.WriteAllText(admin, File.ReadAllText(admin).Replace("admin.demo.localhost", "shopadmin.demo.localhost")
            .Replace("</Project>", "  <ItemGroup>\n    <SuperDeployAddon Update=\"databases.spare\" As=\"SPARE\" />\n  </ItemGroup>\n</Project>"));

        var result = await _log.Timed("deploy Store", () => _world.DeployAsync(StoreDirectory, StoreApp, new Dictionary<string, string?>(), Extra));
        StoreOutputs.Add(result);
        result.EnsureSuccess("dotnet publish -t:SuperDeploy (Store)");
        Assert.Contains(Lines(result, "✓ addons: databases.primary created, caches.main created, queues.main created"), _ => true);
        Assert.Contains(Lines(result, "release: migrated"), _ => true);
        Assert.True(File.Exists(Path.Combine(StoreDirectory, "obj", "superdeploy", "addons", $"{Project}-addon-databases-primary.yml")));

        await SendAsync(HttpMethod.Post, StoreHost, "/rows?value=first");
        await SendAsync(HttpMethod.Post, StoreHost, "/rows?value=second");
        await SendAsync(HttpMethod.Put, StoreHost, "/cache/greeting?value=hello");
        Assert.Equal("[\"first\",\"second\"]", await GetTextAsync(StoreHost, "/rows"));
        Assert.Equal("hello", await GetTextAsync(StoreHost, "/cache/greeting"));
        // One message for each later step to take: after the redeploy, after the rollback, after the scale.
        Assert.Null(await _shop.NextMessageAsync());
        foreach (var message in Messages) await SendAsync(HttpMethod.Post, StoreHost, "/queue?message=" + message);
        _addonIdentities = await AddonIdentitiesAsync();
        _firstStoreTag = await StoreImageTagAsync();
    }

    [Fact, Step(104)]
    public async Task RedeployingTheStoreKeepsTheDataAndNeverRestartsTheAddons()
    {
        var version = Path.Combine(StoreDirectory, "AppVersion.cs");
        File.WriteAllText(version, File.ReadAllText(version).Replace("\"v1\"", "\"v2\""));
        var result = await _log.Timed("redeploy Store v2", () => _world.DeployAsync(StoreDirectory, StoreApp, new Dictionary<string, string?>(), Extra));
        StoreOutputs.Add(result);
        result.EnsureSuccess("dotnet publish -t:SuperDeploy (Store v2)");
        Assert.Contains(Lines(result, "✓ addons: databases.primary unchanged, caches.main unchanged, queues.main unchanged"), _ => true);

        Assert.Equal("v2", StoreVersion(await GetTextAsync(StoreHost, "/")));
        await AssertDataKeptAsync(nextMessage: Messages[0]);

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
        var result = await _log.Timed("deploy shop admin", () => _world.DeployAsync(ShopAdminDirectory, ShopAdminApp, new Dictionary<string, string?>(), Extra));
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
        var backup = await _log.Timed("backup", () => _world.MsBuildAsync(StoreDirectory, StoreApp, "SuperDeployBackup",
            [.. Extra, "-p:Addon=databases.primary", $"-p:BackupFile={file}"]));
        backup.EnsureSuccess("SuperDeployBackup");
        Assert.True(new FileInfo(file).Length > 0);

        var unconfirmed = await _world.MsBuildAsync(ShopAdminDirectory, ShopAdminApp, "SuperDeployRestore",
            [.. Extra, "-p:Addon=databases.spare", $"-p:BackupFile={file}"]);
        Assert.NotEqual(0, unconfirmed.ExitCode);
        Assert.Contains("error SD3054", unconfirmed.Output);
        Assert.Equal("", await SpareRowsAsync(allowMissingTable: true));

        var restore = await _log.Timed("restore", () => _world.MsBuildAsync(ShopAdminDirectory, ShopAdminApp, "SuperDeployRestore",
            [.. Extra, "-p:Addon=databases.spare", $"-p:BackupFile={file}", "-p:Confirm=true"]));
        restore.EnsureSuccess("SuperDeployRestore");
        Assert.Equal("first\nsecond", await SpareRowsAsync(allowMissingTable: false));
    }

    [Fact, Step(107)]
    public async Task RollingBackTheStoreKeepsTheDataAndNeverRestartsTheAddons()
    {
        var result = await _log.Timed("roll back Store to v1", () => _world.MsBuildAsync(StoreDirectory, StoreApp, "SuperDeployRollback", Extra));
        StoreOutputs.Add(result);
        result.EnsureSuccess("SuperDeployRollback (Store)");
        Assert.Contains(Lines(result, $"✓ rollback to {_firstStoreTag} from "), _ => true);
        Assert.Equal(_firstStoreTag, await StoreImageTagAsync());
        Assert.DoesNotContain("release: migrated", result.Output);

        Assert.Equal("v1", StoreVersion(await GetTextAsync(StoreHost, "/")));
        await AssertDataKeptAsync(nextMessage: Messages[1]);
    }

    [Fact, Step(108)]
    public async Task ScalingTheStoreKeepsTheDataAndNeverRestartsTheAddons()
    {
        var result = await _log.Timed("scale Store web=2", () => _world.MsBuildAsync(StoreDirectory, StoreApp, "SuperDeployScale", [.. Extra, "-p:Scale=web=2"]));
        result.EnsureSuccess("SuperDeployScale web=2 (Store)");

        // The edge looks the replicas up again every second: a bounded number of tries, a little apart.
        var replicas = new HashSet<string>();
        for (var i = 0; i < 100 && replicas.Count < 2; i++)
        {
            replicas.Add(JsonDocument.Parse(await GetTextAsync(StoreHost, "/")).RootElement.GetProperty("replica").GetString()!);
            if (replicas.Count < 2) await Task.Delay(100);
        }
        Assert.Equal(2, replicas.Count);
        Assert.Equal("v1", StoreVersion(await GetTextAsync(StoreHost, "/")));
        await AssertDataKeptAsync(nextMessage: Messages[2]);
        Assert.Null(await _shop.NextMessageAsync());
    }

    private static readonly string[] Messages = ["before-redeploy", "before-rollback", "before-scale"];

    /// <summary>The tag of the image the Store's web service runs (the deploy's tag, not the app's version).</summary>
    private async Task<string> StoreImageTagAsync()
    {
        var image = (await Shell.Docker("service", "inspect", "--format", "{{.Spec.TaskTemplate.ContainerSpec.Image}}", $"{StoreApp}_{StoreApp}-web"))
            .EnsureSuccess("docker service inspect").Output.Trim().Split('@')[0];
        return image[(image.LastIndexOf(':') + 1)..];
    }

    private static string? StoreVersion(string json) => JsonDocument.Parse(json).RootElement.GetProperty("version").GetString();

    /// <summary>The rows, the key and the next durable message are there, and no addon container was replaced or restarted.</summary>
    private async Task AssertDataKeptAsync(string nextMessage)
    {
        Assert.Equal("[\"first\",\"second\"]", await GetTextAsync(StoreHost, "/rows"));
        Assert.Equal("hello", await GetTextAsync(StoreHost, "/cache/greeting"));
        Assert.Equal(nextMessage, await _shop.NextMessageAsync());
        Assert.Equal(_addonIdentities, await AddonIdentitiesAsync());
    }

    private async Task<string> SpareRowsAsync(bool allowMissingTable)
    {
        var container = await ContainerAsync(AddonService("databases-spare"));
        var result = await Shell.Docker("exec", container, "psql", "-U", "app", "-d", "app", "-At", "-c", "SELECT value FROM rows ORDER BY id");
        if (allowMissingTable && result.ExitCode != 0 && result.Output.Contains("does not exist")) return "";
        return result.EnsureSuccess("psql in the spare addon").Output.Trim();
    }

    private Task<Dictionary<string, string>> AddonIdentitiesAsync() => _shop.AddonIdentitiesAsync(StoreShop.StoreAddons);

    private static Task<string> ContainerAsync(string service) => StoreShop.ContainerAsync(service);

    private Task<string> GetTextAsync(string host, string path) => _shop.GetTextAsync(host, path);

    private Task<string> SendAsync(HttpMethod method, string host, string path) => _shop.SendAsync(method, host, path);

    private static void AssertAbsent(string text, string where, string? value = null) =>
        Assert.False(text.Contains(value ?? SecretValue, StringComparison.Ordinal), $"the secret value is in {where}");

    private static void AssertAbsent(byte[] bytes, string where, string? value = null) =>
        Assert.False(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value ?? SecretValue)) >= 0, $"the secret value is in {where}");

    private static int FreePort() => StoreShop.FreePort();

    /// <summary>Everything these tests created on the engine: app and addon stacks, then volumes, secrets and configs.</summary>
    private Task CleanupAsync() =>
        _shop.CleanupAsync([SecretApp, StoreApp, ShopAdminApp], [.. StoreShop.StoreAddons, "databases-spare"]);
}
