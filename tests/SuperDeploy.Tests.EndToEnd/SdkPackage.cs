namespace SuperDeploy.Tests.EndToEnd;

/// <summary>
/// The SDK packed once per test run (build/pack.sh) with a unique version, into a feed outside every fixture's
/// workspace, so each collection's <see cref="SampleDeployment"/> restores the same package. Deleted when the run ends.
/// </summary>
public static class SdkPackage
{
    private static readonly object Gate = new();
    private static Task<(string Version, string Feed)>? _packed;

    public static Task<(string Version, string Feed)> GetAsync(IReadOnlyDictionary<string, string?> environment)
    {
        lock (Gate) return _packed ??= PackAsync(environment);
    }

    private static async Task<(string Version, string Feed)> PackAsync(IReadOnlyDictionary<string, string?> environment)
    {
        var id = Guid.NewGuid().ToString("N")[..6];
        var version = $"0.1.0-e2e.{DateTime.UtcNow:yyyyMMddHHmmss}.{id}";
        var feed = Path.Combine(Path.GetTempPath(), "superdeploy-e2e-feed-" + id);
        Directory.CreateDirectory(feed);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(feed, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        var repo = Samples.RepoRoot();
        (await Shell.RunAsync("bash", [Path.Combine(repo, "build", "pack.sh"), version, feed], repo, environment, TimeSpan.FromMinutes(5)))
            .EnsureSuccess("build/pack.sh");
        return (version, feed);
    }
}
