namespace SuperDeploy.Tests.Build;

/// <summary>Paths inside this repository.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string SdkProject => Path.Combine(Root, "src", "Sdk", "SuperDeploy.Sdk.csproj");

    public static string SdkFolder => Path.Combine(Root, "src", "Sdk");

    /// <summary>samples/ (SUPERDEPLOY_SAMPLES_DIR overrides it, to try samples from another checkout).</summary>
    public static string Samples => Environment.GetEnvironmentVariable("SUPERDEPLOY_SAMPLES_DIR") is { Length: > 0 } dir ? dir : Path.Combine(Root, "samples");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SuperDeploy.Build.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("SuperDeploy.Build.sln not found above " + AppContext.BaseDirectory);
    }
}
