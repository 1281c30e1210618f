using System.Collections.Generic;

namespace SuperDeploy.Model;

/// <summary>A SuperDeployNode item exactly as declared: the ssh target (its Include) and raw string metadata.</summary>
public sealed record NodeInput(string Target, IReadOnlyDictionary<string, string> Metadata, SourceLocation Location)
{
    public string? Get(string metadata)
    {
        foreach (var pair in Metadata)
        {
            if (string.Equals(pair.Key.Trim(), metadata, System.StringComparison.OrdinalIgnoreCase) && pair.Value?.Trim().Length > 0)
                return pair.Value.Trim();
        }

        return null;
    }
}
