using static SuperDeploy.Tests.EndToEnd.TestOutput;

namespace SuperDeploy.Tests.EndToEnd;

/// <summary>
/// A changed addon declaration, after the steps above: a deploy leaves the running addon alone and warns (SD3052);
/// SuperDeployAddonApply shows the change, refuses without Confirm=true (SD3066) and a postgres major-version change
/// even confirmed (SD3067), and with Confirm=true restarts redis alone with its new memory limit, on the same volume
/// (the Store's key written in step 103 is still there: appendonly) and the same credentials (the Store still answers).
/// </summary>
public sealed partial class AddonsAndSecretsTests
{
    private const string CacheMemory = """Memory="256M" """;
    private const string NewCacheMemory = """Memory="320M" """;
    private const long NewCacheMemoryBytes = 320L * 1024 * 1024;

    /// <summary>The Store declares the project's addons too, with the same metadata (a different value would be SD6006).</summary>
    private string[] CacheDeclarations => [Path.Combine(Shop, "Directory.Build.props"), Path.Combine(StoreDirectory, "Store.csproj")];

    [Fact, Step(120)]
    public async Task AChangedAddonDeclarationIsLeftRunningAsIsWithAWarning()
    {
        foreach (var file in CacheDeclarations)
        {
            var text = await File.ReadAllTextAsync(file);
            Assert.Contains(CacheMemory, text);
            await File.WriteAllTextAsync(file, text.Replace(CacheMemory, NewCacheMemory));
        }
        _addonIdentities = await AddonIdentitiesAsync();

        var result = await _log.Timed("deploy Store with caches.main Memory=320M", _shop.DeployStoreAsync);
        result.EnsureSuccess("dotnet publish -t:SuperDeploy (Store, changed addon)");
        Assert.Contains(Lines(result, "✓ addons: databases.primary unchanged, caches.main changed (not applied), queues.main unchanged"), _ => true);
        Assert.Contains(Lines(result, "SD3052: Addon 'caches.main'"), l => l.Contains("warning") && l.Contains("-t:SuperDeployAddonApply -p:Addon=caches.main -p:Confirm=true"));
        Assert.Equal(_addonIdentities, await AddonIdentitiesAsync());
        Assert.Equal(256L * 1024 * 1024, await CacheMemoryLimitAsync());
    }

    [Fact, Step(121)]
    public async Task ApplyingWithoutConfirmShowsTheChangeAndChangesNothing()
    {
        var result = await _log.Timed("SuperDeployAddonApply without Confirm", () =>
            _world.MsBuildAsync(StoreDirectory, StoreApp, "SuperDeployAddonApply", [.. Extra, "-p:Addon=caches.main"]));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error SD3066", result.Output);
        Assert.Contains(Lines(result, "memory: 256M -> 320M"), _ => true);
        Assert.Equal(_addonIdentities, await AddonIdentitiesAsync());
        Assert.Equal(256L * 1024 * 1024, await CacheMemoryLimitAsync());
    }

    [Fact, Step(122)]
    public async Task ApplyingConfirmedRestartsOnlyThatAddonWithItsNewLimitAndKeepsItsData()
    {
        var result = await _log.Timed("SuperDeployAddonApply caches.main", () =>
            _world.MsBuildAsync(StoreDirectory, StoreApp, "SuperDeployAddonApply", [.. Extra, "-p:Addon=caches.main", "-p:Confirm=true"]));
        result.EnsureSuccess("SuperDeployAddonApply caches.main");
        Assert.Contains(Lines(result, "✓ addon caches.main applied: restarted with memory: 256M -> 320M, healthy"), _ => true);

        Assert.Equal(NewCacheMemoryBytes, await CacheMemoryLimitAsync());
        var container = await ContainerAsync(AddonService("caches-main"));
        var args = (await Shell.Docker("inspect", "--format", "{{json .Args}}", container)).EnsureSuccess("inspect redis").Output;
        Assert.Contains($"\"--maxmemory\",\"{NewCacheMemoryBytes / 4 * 3}\"", args);

        // Only redis was replaced; postgres and rabbitmq kept their containers.
        var identities = await AddonIdentitiesAsync();
        Assert.NotEqual(_addonIdentities!["caches-main"], identities["caches-main"]);
        Assert.Equal(_addonIdentities["databases-primary"], identities["databases-primary"]);
        Assert.Equal(_addonIdentities["queues-main"], identities["queues-main"]);

        // Same volume (appendonly) and same password: the Store reads the key it wrote in step 103, once it has reconnected.
        Assert.Equal("hello", await StoreShop.RetriedAsync(() => GetTextAsync(StoreHost, "/cache/greeting")));
        Assert.Equal("[\"first\",\"second\"]", await GetTextAsync(StoreHost, "/rows"));

        var again = await _world.MsBuildAsync(StoreDirectory, StoreApp, "SuperDeployAddonApply", [.. Extra, "-p:Addon=caches.main", "-p:Confirm=true"]);
        again.EnsureSuccess("SuperDeployAddonApply caches.main, again");
        Assert.Contains(Lines(again, "✓ addon caches.main unchanged"), _ => true);
        _addonIdentities = identities;
    }

    [Fact, Step(123)]
    public async Task APostgresMajorVersionChangeIsRefusedEvenConfirmed()
    {
        var image = _world.Env.PostgresImage;
        var major = int.Parse(image[(image.LastIndexOf(':') + 1)..].Split('.', '-')[0]);
        var newer = $"{image[..image.LastIndexOf(':')]}:{major + 1}";
        // The shop declares databases.primary with Image="$(StorePostgresImage)": a later -p wins, no file changes.
        var result = await _log.Timed("SuperDeployAddonApply databases.primary to the next major", () =>
            _world.MsBuildAsync(StoreDirectory, StoreApp, "SuperDeployAddonApply",
                [.. Extra, $"-p:StorePostgresImage={newer}", "-p:Addon=databases.primary", "-p:Confirm=true"]));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error SD3067", result.Output);
        Assert.Contains(Lines(result, $"image: {image} -> {newer}"), _ => true);
        Assert.Equal(_addonIdentities, await AddonIdentitiesAsync());
        Assert.Equal("[\"first\",\"second\"]", await GetTextAsync(StoreHost, "/rows"));
    }

    private async Task<long> CacheMemoryLimitAsync() =>
        long.Parse((await Shell.Docker("service", "inspect", "--format", "{{.Spec.TaskTemplate.Resources.Limits.MemoryBytes}}", AddonService("caches-main")))
            .EnsureSuccess("docker service inspect caches").Output.Trim());
}
