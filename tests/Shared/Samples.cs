namespace SuperDeploy.Tests;

/// <summary>The repository's samples and how the tiers run dotnet on copies of them (linked source, like Shell).</summary>
public static class Samples
{
    public static string RepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SuperDeploy.Build.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException("No SuperDeploy.Build.sln above " + AppContext.BaseDirectory);
    }

    /// <summary>A sample's sources without build output or the files SuperDeploy generates into the source tree.</summary>
    public static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            var top = relative.Split(Path.DirectorySeparatorChar)[0];
            if (top is "bin" or "obj" or ".github" || relative == ".superdeploy") continue;
            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>
    /// Child dotnet processes: no MSBuild server or node reuse (stale task DLLs), no MSBuild of the test host, the
    /// registries over plain HTTP (the SDK splits this list on ';': its docs say ',', RegistrySettings splits on ';').
    /// </summary>
    public static Dictionary<string, string?> DotnetEnvironment(string insecureRegistries) => new()
    {
        ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = insecureRegistries,
        ["MSBUILD_EXE_PATH"] = null,
        ["MSBuildExtensionsPath"] = null,
        ["MSBuildSDKsPath"] = null,
    };
}
