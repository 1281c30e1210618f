namespace SuperDeploy.Tests.Build;

/// <summary>
/// SuperDeploy.Sdk packed once per test run, with a version no earlier run used (the SDK resolver and NuGet cache
/// packages by id and version), into a temp feed; plus the NuGet.config and package folder every test project shares.
/// </summary>
public sealed class SdkPackage : IDisposable
{
    private readonly Lazy<string> _package;

    public SdkPackage()
    {
        Version = $"0.1.0-t{DateTime.UtcNow:yyyyMMddHHmmss}{Random.Shared.Next(100, 999)}";
        Root = Directory.CreateTempSubdirectory("superdeploy-build-tests-").FullName;
        Feed = Directory.CreateDirectory(Path.Combine(Root, "feed")).FullName;
        Packages = Directory.CreateDirectory(Path.Combine(Root, "packages")).FullName;
        Projects = Directory.CreateDirectory(Path.Combine(Root, "projects")).FullName;
        WriteIsolation();
        _package = new Lazy<string>(Pack);
    }

    public string Version { get; }

    /// <summary>Holds NuGet.config, the feed, the package folder and every test project.</summary>
    public string Root { get; }

    public string Feed { get; }

    public string Packages { get; }

    public string Projects { get; }

    /// <summary>The .nupkg, packed on first use.</summary>
    public string PackagePath => _package.Value;

    /// <summary>Environment for child builds: one package folder per run, so restores share the extracted SDK.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["NUGET_PACKAGES"] = Packages };

    public void Dispose()
    {
        if (System.Environment.GetEnvironmentVariable("SUPERDEPLOY_KEEP_TEST_DIRS") is { Length: > 0 }) return;
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A child process still holding a file must not fail the run.
        }
    }

    private string Pack()
    {
        var result = DotNet.Run(Repository.Root, null, "pack", Repository.SdkProject, "-o", Feed, $"-p:PackageVersion={Version}", "-nodeReuse:false");
        Assert.True(result.Succeeded, "Packing SuperDeploy.Sdk failed: " + result);
        return Path.Combine(Feed, $"SuperDeploy.Sdk.{Version}.nupkg");
    }

    // Test projects see only this run's feed (plus nuget.org and the machine's package cache as an offline source),
    // and no Directory.Build.* from folders above the temp root.
    private void WriteIsolation()
    {
        var machineCache = System.Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } env
            ? env
            : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var cacheSource = Directory.Exists(machineCache) ? $"""    <add key="machine-cache" value="{machineCache}" />{"\n"}""" : "";
        File.WriteAllText(Path.Combine(Root, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="superdeploy-test-feed" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
            {cacheSource}  </packageSources>
            </configuration>
            """);
        foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(Root, name), "<Project />\n");
        }
    }
}
