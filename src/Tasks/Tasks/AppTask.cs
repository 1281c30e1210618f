using System;
using System.Collections.Generic;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using SuperDeploy.Model;
using SuperDeploy.Resources;
using SuperDeploy.Sources;
using SuperDeploy.Validation;

namespace SuperDeploy.Tasks;

/// <summary>
/// The parameters of every task that reads the app (the project's SuperDeploy items and properties) and the one way
/// to turn them into the validated app, so the build, the deploy and the Procfile export all see the same app.
/// Secret values are never parameters: only names.
/// </summary>
public abstract class AppTask : Task
{
    protected AppTask()
    {
        TaskResources = Strings.ResourceManager;
    }

    /// <summary>$(MSBuildProjectFullPath): the default location of diagnostics and the base of relative paths.</summary>
    [Required]
    public string ProjectFile { get; set; } = "";

    /// <summary>@(SuperDeployProcess): one item per process, metadata Command, Port, Replicas, RunOn, Schedule, HealthPath, Memory, Cpu, DependsOn.</summary>
    public ITaskItem[] Processes { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>@(SuperDeploySecret): secret names only.</summary>
    public ITaskItem[] Secrets { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>@(SuperDeployAddon): the project's addons and this app's attachments (As).</summary>
    public ITaskItem[] Addons { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>$(SuperDeployProject); empty = the repository or solution folder's name (see ProjectLocation).</summary>
    public string? Project { get; set; }

    public string? App { get; set; }

    public string? Vm { get; set; }

    public string? Domain { get; set; }

    /// <summary>$(SuperDeployHost): empty for the local Docker engine, else an SSH destination.</summary>
    public string? Host { get; set; }

    public string? SshPort { get; set; }

    /// <summary>$(SuperDeployTimeout) in seconds: release, convergence and edge waits.</summary>
    public string? Timeout { get; set; }

    /// <summary>$(SuperDeployProcfile): a Procfile to read processes from (relative to the project).</summary>
    public string? Procfile { get; set; }

    /// <summary>$(SuperDeployUseProcfile): `true` reads the Procfile beside the project.</summary>
    public string? UseProcfile { get; set; }

    /// <summary>$(SuperDeployConfig): a seed-format config.yml to read the app from (relative to the project).</summary>
    public string? Config { get; set; }

    /// <summary>Properties a task validates beyond the ones every task takes, by MSBuild name.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> MoreProperties => Array.Empty<KeyValuePair<string, string?>>();

    /// <summary>The validated app (AppModelLoader), its diagnostics logged at their files; null when an error stands.</summary>
    protected AppDefinition? LoadApp()
    {
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["SuperDeployProject"] = Project ?? "",
            ["SuperDeployApp"] = App ?? "",
            ["SuperDeployVm"] = Vm ?? "",
            ["SuperDeployDomain"] = Domain ?? "",
            ["SuperDeployHost"] = Host ?? "",
            ["SuperDeploySshPort"] = SshPort ?? "",
            ["SuperDeployTimeout"] = Timeout ?? "",
        };
        foreach (var property in MoreProperties) properties[property.Key] = property.Value ?? "";
        var result = AppModelLoader.Load(ProjectFile, properties, Processes, Secrets, Procfile, UseProcfile, Config,
            AddonItemSource.Addons(Addons, ProjectFile));
        foreach (var diagnostic in result.Diagnostics) Report(diagnostic);
        return result.App;
    }

    /// <summary>Logs a diagnostic as an error or warning with its code, at its file and line (else the project file).</summary>
    protected void Report(Diagnostic diagnostic) => AppModelLoader.Report(Log, diagnostic, ProjectFile);
}
