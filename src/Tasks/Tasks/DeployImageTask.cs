using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using SuperDeploy.Deploy;
using SuperDeploy.Resources;
using SuperDeploy.Validation;

namespace SuperDeploy.Tasks;

/// <summary>
/// Names the image a deploy builds: `[registry/]project/app:tag`. The tag is SuperDeployImageTag, else the git commit
/// (12 hex digits, plus `-&lt;UTC yyyyMMddHHmmss&gt;` when the work tree has uncommitted changes, so two different
/// builds never share a tag), else a UTC timestamp. Never `latest`: tags are immutable.
/// </summary>
public sealed class SuperDeployResolveImage : Task
{
    private static readonly Regex ValidTag = new("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", RegexOptions.CultureInvariant);

    public SuperDeployResolveImage()
    {
        TaskResources = Strings.ResourceManager;
    }

    [Required]
    public string ProjectFile { get; set; } = "";

    public string? Project { get; set; }

    [Required]
    public string App { get; set; } = "";

    public string? Registry { get; set; }

    public string? Host { get; set; }

    public string? ImageTag { get; set; }

    /// <summary>The project name (SuperDeployProject, or the repository/solution folder's name).</summary>
    [Output]
    public string ProjectName { get; set; } = "";

    /// <summary>The registry host: PublishContainer's ContainerRegistry (empty: the local engine).</summary>
    [Output]
    public string ContainerRegistry { get; set; } = "";

    /// <summary>`[registry path/]project/app`: PublishContainer's ContainerRepository.</summary>
    [Output]
    public string Repository { get; set; } = "";

    [Output]
    public string Tag { get; set; } = "";

    /// <summary>The full reference the deploy runs.</summary>
    [Output]
    public string Image { get; set; } = "";

    [Output]
    public string Commit { get; set; } = "";

    [Output]
    public bool InRegistry { get; set; }

    public override bool Execute()
    {
        try
        {
            Resolve();
        }
        catch (DeployException e)
        {
            Log.LogError(null, e.Code, null, ProjectFile, 0, 0, 0, 0, e.Message);
        }
        return !Log.HasLoggedErrors;
    }

    private void Resolve()
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(ProjectFile))!;
        var registry = (Registry ?? "").Trim().TrimEnd('/');
        if (registry.Length == 0 && !string.IsNullOrWhiteSpace(Host))
            throw DeployErrors.Create(nameof(Strings.RegistryRequired), Host!.Trim());

        var (tag, commit) = ResolveTag(ImageTag, directory, DateTime.UtcNow);
        ProjectName = string.IsNullOrWhiteSpace(Project) ? ProjectLocation.DefaultProjectName(directory) : Project!.Trim();
        // ghcr.io/owner -> registry ghcr.io, repository owner/project/app.
        ContainerRegistry = RegistryLogin.HostOf(registry);
        var path = registry.Length > ContainerRegistry.Length ? registry.Substring(ContainerRegistry.Length + 1) + "/" : "";
        Repository = $"{path}{ProjectName}/{App.Trim()}";
        Tag = tag;
        Commit = commit ?? "";
        InRegistry = registry.Length > 0;
        Image = SuperDeployGenerateFiles.ImageName(registry, ProjectName, App.Trim(), tag);
        Log.LogMessage(MessageImportance.Normal, $"SuperDeploy image: {Image}");
    }

    internal static (string Tag, string? Commit) ResolveTag(string? explicitTag, string directory, DateTime utcNow)
    {
        var stamp = utcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        if (!string.IsNullOrWhiteSpace(explicitTag))
        {
            var tag = explicitTag!.Trim();
            if (string.Equals(tag, "latest", StringComparison.OrdinalIgnoreCase)) throw DeployErrors.Create(nameof(Strings.ImageTagMutable), tag);
            if (!ValidTag.IsMatch(tag))
                throw DeployErrors.Create(nameof(Strings.InvalidDeployProperty), "SuperDeployImageTag", tag,
                    "an image tag is 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'");
            return (tag, Git(directory, "rev-parse", "HEAD"));
        }

        var commit = Git(directory, "rev-parse", "--short=12", "HEAD");
        if (commit is null) return (stamp, null);
        var dirty = Git(directory, "status", "--porcelain");
        return (dirty is { Length: > 0 } ? $"{commit}-{stamp}" : commit, Git(directory, "rev-parse", "HEAD"));
    }

    /// <summary>Trimmed stdout of a git command, or null when git is missing or fails (not a repository).</summary>
    private static string? Git(string directory, params string[] args)
    {
        try
        {
            var info = new ProcessStartInfo("git")
            {
                WorkingDirectory = directory,
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
            };
#if NETFRAMEWORK
            info.Arguments = string.Join(" ", args);
#else
            foreach (var arg in args) info.ArgumentList.Add(arg);
#endif
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? stdout.Result.Trim() : null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return null;
        }
    }
}
