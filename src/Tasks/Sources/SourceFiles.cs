namespace SuperDeploy.Sources;

/// <summary>
/// The project's file sources, as its properties say: $(SuperDeployProcfile) (a path; implies use),
/// $(SuperDeployUseProcfile) (`true` = the Procfile beside the project) and $(SuperDeployConfig) (a config.yml path).
/// Relative paths are taken from the project's directory; null or blank means not set.
/// </summary>
public sealed record SourceFiles(string? Procfile = null, bool UseProcfile = false, string? Config = null)
{
    public const string ProcfileProperty = "SuperDeployProcfile";
    public const string UseProcfileProperty = "SuperDeployUseProcfile";
    public const string ConfigProperty = "SuperDeployConfig";

    public static readonly SourceFiles None = new();

    /// <summary>From the raw property values: UseProcfile is on for `true` (any case) only.</summary>
    public static SourceFiles FromProperties(string? procfile, string? useProcfile, string? config) =>
        new(Blank(procfile), string.Equals(useProcfile?.Trim(), "true", System.StringComparison.OrdinalIgnoreCase), Blank(config));

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
}
