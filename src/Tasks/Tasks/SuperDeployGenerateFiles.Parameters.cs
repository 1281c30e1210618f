using Microsoft.Build.Framework;

namespace SuperDeploy.Tasks;

// Every parameter of SuperDeployGenerateFiles, in one place. Secret values are never parameters: only names.
public sealed partial class SuperDeployGenerateFiles
{
    /// <summary>$(MSBuildProjectFullPath): the default location of diagnostics and the base of relative paths.</summary>
    [Required]
    public string ProjectFile { get; set; } = "";

    /// <summary>@(SuperDeployProcess): one item per process, metadata Command, Port, Replicas, RunOn, Schedule, HealthPath, Memory, Cpu, DependsOn.</summary>
    public ITaskItem[] Processes { get; set; } = [];

    /// <summary>@(SuperDeploySecret): secret names only.</summary>
    public ITaskItem[] Secrets { get; set; } = [];

    /// <summary>@(SuperDeployAddon): the project's addons (Type, Version, Image, Memory, Cpu, Publish) and this app's attachments (As).</summary>
    public ITaskItem[] Addons { get; set; } = [];

    /// <summary>$(SuperDeployProject); empty = the repository or solution folder's name (see ProjectLocation).</summary>
    public string? Project { get; set; }

    public string? App { get; set; }

    public string? Vm { get; set; }

    public string? Domain { get; set; }

    public string? Host { get; set; }

    public string? Registry { get; set; }

    public string? SshPort { get; set; }

    public string? ImageTag { get; set; }

    public string? CaddyImage { get; set; }

    public string? Timeout { get; set; }

    /// <summary>$(SuperDeployProcfile): a Procfile to read processes from (relative to the project).</summary>
    public string? Procfile { get; set; }

    /// <summary>$(SuperDeployUseProcfile): `true` reads the Procfile beside the project.</summary>
    public string? UseProcfile { get; set; }

    /// <summary>$(SuperDeployConfig): a seed-format config.yml to read the app from (relative to the project).</summary>
    public string? Config { get; set; }

    public bool GenerateMarker { get; set; } = true;

    public bool GenerateStack { get; set; } = true;

    public bool GenerateCaddy { get; set; } = true;

    public bool GenerateWorkflow { get; set; } = true;

    /// <summary>The `.superdeploy` marker in the source tree.</summary>
    [Required]
    public string MarkerFile { get; set; } = "";

    /// <summary>The GitHub workflow in the source tree.</summary>
    [Required]
    public string WorkflowFile { get; set; } = "";

    /// <summary>The stack file under obj/.</summary>
    [Required]
    public string StackFile { get; set; } = "";

    /// <summary>The app's Caddy site under obj/ (deleted when the app has no web process).</summary>
    [Required]
    public string CaddySiteFile { get; set; } = "";

    /// <summary>Every file generated (written or already up to date).</summary>
    [Output]
    public ITaskItem[] FilesWritten { get; set; } = [];
}
