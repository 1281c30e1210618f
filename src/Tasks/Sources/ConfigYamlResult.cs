using System;
using System.Collections.Generic;
using SuperDeploy.Model;
using SuperDeploy.Validation;

namespace SuperDeploy.Sources;

/// <summary>
/// What config.yml says about one app: its processes, its addons, the properties it supplies (SuperDeployVm,
/// SuperDeployDomain; the project's own values win, see <see cref="InputMerger.MergeProperties"/>) and what was wrong.
/// </summary>
public sealed record ConfigYamlResult(
    IReadOnlyList<ProcessInput> Processes,
    IReadOnlyList<AddonAttachment> Addons,
    IReadOnlyDictionary<string, string> Properties,
    IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>The app says `procfile: true`: its processes (also) come from the Procfile beside the project.</summary>
    public bool UseProcfile { get; init; }

    public static ConfigYamlResult Empty(IReadOnlyList<Diagnostic> diagnostics) =>
        new(Array.Empty<ProcessInput>(), Array.Empty<AddonAttachment>(), new Dictionary<string, string>(), diagnostics);
}
