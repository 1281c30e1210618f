using System.Collections.Generic;

namespace SuperDeploy.Model;

/// <summary>A process exactly as a source declared it: a name and raw string metadata (item metadata, Procfile, config.yml).</summary>
public sealed record ProcessInput(string Name, IReadOnlyDictionary<string, string> Metadata, SourceLocation Location)
{
    public string? Get(string metadata) =>
        Metadata.TryGetValue(metadata, out var value) && value.Trim().Length > 0 ? value.Trim() : null;
}
