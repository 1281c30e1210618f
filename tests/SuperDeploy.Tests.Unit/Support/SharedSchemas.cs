using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace SuperDeploy.Tests.Unit.Support;

/// <summary>
/// The vendored JSON schemas in the shared folder beside the repository (`../shared/schemas`). They are optional by
/// design: a clone without them skips schema checks, while every other validator still runs.
/// </summary>
public static class SharedSchemas
{
    public const string ComposeSpec = "compose-spec.json";
    public const string GitHubWorkflow = "github-workflow.json";

    private static readonly Lazy<string?> Folder = new(FindFolder);
    private static readonly Dictionary<string, JsonSchema> Loaded = new();

    static SharedSchemas()
    {
        // compose-spec.json names draft-07 by a non-canonical id; JsonSchema.Net needs it registered as a dialect.
        DialectRegistry.Global.Register(Dialect.Draft07.With([], new Uri("https://json-schema.org/draft-07/schema")));
    }

    /// <summary>The schema folder: SUPERDEPLOY_SHARED_SCHEMAS, else the first `shared/schemas` in an ancestor of the test directory.</summary>
    public static string? Directory => Folder.Value;

    /// <summary>The schema, or null when the shared schemas are not there.</summary>
    public static JsonSchema? TryLoad(string fileName)
    {
        if (Directory == null) return null;
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(fileName, out var schema))
                Loaded[fileName] = schema = JsonSchema.FromFile(Path.Combine(Directory, fileName));
            return schema;
        }
    }

    /// <summary>Validates YAML text against a schema; returns the failures (empty when valid), or null when the schema is absent.</summary>
    public static IReadOnlyList<string>? Validate(string fileName, string yaml)
    {
        var schema = TryLoad(fileName);
        if (schema == null) return null;
        var instance = JsonSerializer.SerializeToElement(YamlJson.Convert(yaml));
        var result = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid) return Array.Empty<string>();
        var failures = new List<string>();
        foreach (var detail in result.Details ?? new List<EvaluationResults>())
            if (detail.Errors != null)
                foreach (var error in detail.Errors)
                    failures.Add($"{detail.InstanceLocation}: {error.Key}: {error.Value}");
        if (failures.Count == 0) failures.Add("invalid (no details)");
        return failures;
    }

    private static string? FindFolder()
    {
        var configured = Environment.GetEnvironmentVariable("SUPERDEPLOY_SHARED_SCHEMAS");
        if (!string.IsNullOrEmpty(configured)) return System.IO.Directory.Exists(configured) ? configured : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "schemas");
            if (File.Exists(Path.Combine(candidate, ComposeSpec))) return candidate;
        }
        return null;
    }
}
