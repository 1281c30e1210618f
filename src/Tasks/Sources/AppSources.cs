using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SuperDeploy.Model;
using SuperDeploy.Validation;

namespace SuperDeploy.Sources;

/// <summary>
/// The one call the generate task makes before ModelBuilder.Build: reads config.yml and the Procfile when the
/// project names them, merges their processes with the items and config.yml's properties with the project's.
/// </summary>
public static class AppSources
{
    /// <param name="projectFile">$(MSBuildProjectFullPath).</param>
    /// <param name="properties">The project's properties by MSBuild name (SuperDeployApp, SuperDeployVm, ...), unset ones blank or absent.</param>
    /// <param name="itemProcesses">ItemSource.Processes(@(SuperDeployProcess)).</param>
    /// <param name="secrets">ItemSource.SecretNames(@(SuperDeploySecret)).</param>
    public static SourcesResult Read(
        string projectFile,
        IReadOnlyDictionary<string, string> properties,
        IReadOnlyList<ProcessInput> itemProcesses,
        IReadOnlyList<string> secrets,
        SourceFiles files)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(projectFile)) ?? string.Empty;
        var diagnostics = new List<Diagnostic>();

        var config = files.Config is { } configPath
            ? ConfigYamlSource.Load(Path.GetFullPath(Path.Combine(directory, configPath)), App(properties), SourceFiles.ConfigProperty, projectFile)
            : null;
        diagnostics.AddRange(config?.Diagnostics ?? Array.Empty<Diagnostic>());

        var procfilePath = ProcfileToRead(directory, files, config);
        var procfile = procfilePath is { } p ? ProcfileSource.Load(p.Path, p.Property, projectFile) : null;
        diagnostics.AddRange(procfile?.Diagnostics ?? Array.Empty<Diagnostic>());

        var merge = InputMerger.Merge(itemProcesses, procfile?.Processes ?? Array.Empty<ProcessInput>(), config?.Processes ?? Array.Empty<ProcessInput>());
        diagnostics.AddRange(merge.Diagnostics);
        if (diagnostics.Any(d => d.IsError)) return new SourcesResult(null, diagnostics);

        var mergedProperties = config is null ? properties : InputMerger.MergeProperties(properties, config.Properties);
        var input = new AppInput(projectFile, mergedProperties, merge.Processes, secrets)
        {
            Addons = config?.Addons ?? Array.Empty<AddonAttachment>(),
        };
        return new SourcesResult(input, diagnostics);
    }

    /// <summary>The Procfile to read and the property that asked for it, or null: an explicit path, else the one beside the project.</summary>
    private static (string Path, string Property)? ProcfileToRead(string directory, SourceFiles files, ConfigYamlResult? config)
    {
        var besideProject = Path.Combine(directory, ProcfileSource.DefaultFileName);
        if (files.Procfile is { } path) return (Path.GetFullPath(Path.Combine(directory, path)), SourceFiles.ProcfileProperty);
        if (files.UseProcfile) return (besideProject, SourceFiles.UseProcfileProperty);
        if (config?.UseProcfile == true) return (besideProject, SourceFiles.ConfigProperty);
        return null;
    }

    private static string? App(IReadOnlyDictionary<string, string> properties) =>
        properties.TryGetValue("SuperDeployApp", out var app) && !string.IsNullOrWhiteSpace(app) ? app.Trim() : null;
}
