using Microsoft.Build.Framework;

namespace SuperDeploy.Tasks;

// The parameters of SuperDeployGenerateFiles beyond the app's (AppTask), in one place.
public sealed partial class SuperDeployGenerateFiles
{
    public string? Registry { get; set; }

    public string? ImageTag { get; set; }

    public string? CaddyImage { get; set; }

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
