using System.Collections.Generic;

namespace SuperDeploy.Model;

/// <summary>
/// One `SuperDeployAddon` item as declared, before validation: the addon's name (its Include, e.g. `databases.primary`)
/// and raw metadata (Type, Version, Image, Memory, Cpu, Publish, As). Several items may name one addon (a
/// Directory.Build.props declares it, the project attaches it); ModelBuilder merges them.
/// </summary>
public sealed record AddonInput(string Name, IReadOnlyDictionary<string, string> Metadata, SourceLocation Location)
{
    public string? Get(string metadata) =>
        Metadata.TryGetValue(metadata, out var value) && value.Trim().Length > 0 ? value.Trim() : null;
}
