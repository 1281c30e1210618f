using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using SuperDeploy.Model;
using SuperDeploy.Sources;
using SuperDeploy.Validation;

namespace SuperDeploy.Tasks;

/// <summary>
/// The one way every task turns a project into its validated app: the SuperDeployProcess items, plus the Procfile and
/// config.yml when the project names them, merged and validated by ModelBuilder. The generate task and every deploy
/// task (deploy, ps, scale, logs) call this, so a deploy runs exactly the app the build generated files for.
/// </summary>
public static class AppModelLoader
{
    /// <summary>The app (null when an error stands) and every diagnostic from the sources and validation, in order.</summary>
    public sealed record Result(AppDefinition? App, IReadOnlyList<Diagnostic> Diagnostics);

    /// <param name="projectFile">$(MSBuildProjectFullPath).</param>
    /// <param name="properties">The project's properties by MSBuild name; a blank SuperDeployProject becomes the repository or solution folder's name.</param>
    /// <param name="procfile">$(SuperDeployProcfile).</param>
    /// <param name="useProcfile">$(SuperDeployUseProcfile).</param>
    /// <param name="config">$(SuperDeployConfig).</param>
    /// <param name="addonItems">AddonItemSource.Addons(@(SuperDeployAddon)), when the task takes them.</param>
    public static Result Load(string projectFile, IReadOnlyDictionary<string, string> properties, ITaskItem[]? processes,
        ITaskItem[]? secrets, string? procfile, string? useProcfile, string? config, IReadOnlyList<AddonInput>? addonItems = null)
    {
        var projectDirectory = Path.GetDirectoryName(Path.GetFullPath(projectFile))!;
        var withProject = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in properties) withProject[property.Key] = property.Value ?? "";
        if (!withProject.TryGetValue(AppRules.ProjectProperty, out var project) || string.IsNullOrWhiteSpace(project))
            withProject[AppRules.ProjectProperty] = ProjectLocation.DefaultProjectName(projectDirectory);

        var files = SourceFiles.FromProperties(procfile, useProcfile, config);
        var sources = AppSources.Read(projectFile, withProject, ItemSource.Processes(processes, projectFile), ItemSource.SecretNames(secrets), files);
        if (sources.Input is null || sources.Diagnostics.Any(d => d.IsError)) return new Result(null, sources.Diagnostics);

        var model = ModelBuilder.Build(addonItems is null ? sources.Input : sources.Input with { AddonItems = addonItems });
        var diagnostics = sources.Diagnostics.Concat(model.Diagnostics).ToArray();
        return new Result(model.HasErrors ? null : model.App, diagnostics);
    }

    /// <summary>Logs a diagnostic as MSBuild's error or warning with its code, at its file and line (else the project file).</summary>
    public static void Report(TaskLoggingHelper log, Diagnostic diagnostic, string projectFile)
    {
        var location = diagnostic.Location;
        var file = string.IsNullOrEmpty(location.File) ? projectFile : location.File;
        if (diagnostic.IsError)
            log.LogError(null, diagnostic.Code, null, file, location.Line, location.Column, 0, 0, diagnostic.Message);
        else
            log.LogWarning(null, diagnostic.Code, null, file, location.Line, location.Column, 0, 0, diagnostic.Message);
    }
}
