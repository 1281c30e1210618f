using System.Collections.Generic;

namespace SuperDeploy.Model;

/// <summary>Everything the sources said about one app, before validation. Properties are keyed by MSBuild property name (SuperDeployApp, ...).</summary>
public sealed record AppInput(
    string ProjectFile,
    IReadOnlyDictionary<string, string> Properties,
    IReadOnlyList<ProcessInput> Processes,
    IReadOnlyList<string> Secrets)
{
    /// <summary>Addons from config.yml, in declaration order.</summary>
    public IReadOnlyList<AddonAttachment> Addons { get; init; } = System.Array.Empty<AddonAttachment>();

    public string? Property(string name) =>
        Properties.TryGetValue(name, out var value) && value.Trim().Length > 0 ? value.Trim() : null;

    /// <summary>SuperDeployAddon items (declarations, and attachments through their As metadata), in declaration order.</summary>
    public IReadOnlyList<AddonInput> AddonItems { get; init; } = System.Array.Empty<AddonInput>();
}
