using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using SuperDeploy.Generators;
using SuperDeploy.Model;
using SuperDeploy.Output;
using SuperDeploy.Resources;
using SuperDeploy.Validation;

namespace SuperDeploy.Tasks;

/// <summary>
/// Validates the project's processes and writes the deployment files: the marker and workflow into the source tree,
/// the stack file and Caddy site under obj/. Nothing is written while any error stands.
/// </summary>
public sealed partial class SuperDeployGenerateFiles : AppTask
{
    /// <summary>The tag of the image the build-time stack file names; the deploy writes its own with the real tag.</summary>
    public const string DefaultImageTag = "build";

    public override bool Execute()
    {
        try
        {
            Run();
        }
        catch (Exception ex)
        {
            LogCoded(nameof(Strings.InternalError), ProjectFile, ex.Message);
            Log.LogMessage(MessageImportance.Low, ex.ToString());
        }

        return !Log.HasLoggedErrors;
    }

    private void Run()
    {
        if (LoadApp() is not { } app) return;

        if (!CheckNodes(app)) return;
        var files = Plan(app);
        var writer = SourceTreeWriter.ForGeneratedFiles();
        var conflicts = writer.FindConflicts(files.Select(f => f.File));
        foreach (var conflict in conflicts)
        {
            var optOut = files.First(f => f.File.Path == conflict.Path).OptOutProperty;
            var message = conflict.Kind == WriteConflictKind.ForeignFile ? nameof(Strings.ForeignFile) : nameof(Strings.EditedGeneratedFile);
            LogCoded(message, conflict.Path, RelativeToProject(conflict.Path), optOut, Messages.FileName(ProjectFile));
        }

        if (conflicts.Count > 0) return;

        foreach (var file in files)
        {
            try
            {
                SourceTreeWriter.WriteIfChanged(file.File.Path, file.File.Content);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogCoded(nameof(Strings.WriteFailed), file.File.Path, RelativeToProject(file.File.Path), ex.Message);
                return;
            }
        }

        // An app that lost its web process must not leave a site behind for the deploy to install.
        if (files.All(f => f.File.Path != CaddySiteFile)) DeleteStale(CaddySiteFile);

        FilesWritten = files.Select(f => (ITaskItem)new TaskItem(f.File.Path)).ToArray();
        PrintSummary(app);
    }

    protected override IEnumerable<KeyValuePair<string, string?>> MoreProperties =>
    [
        new("SuperDeployRegistry", Registry),
        new("SuperDeployImageTag", ImageTag),
        new("SuperDeployCaddyImage", CaddyImage),
    ];

    /// <summary>Every file to write, generated in full before anything touches the disk.</summary>
    private List<PlannedOutput> Plan(AppDefinition app)
    {
        var source = Path.GetFileName(ProjectFile);
        var files = new List<PlannedOutput>();
        if (GenerateMarker)
        {
            files.Add(new PlannedOutput(new PlannedFile(MarkerFile, WithHeader(MarkerGenerator.Generate(app), source), CheckOwnership: true), "SuperDeployGenerateMarker"));
        }

        if (GenerateWorkflow)
        {
            var projectDirectory = Path.GetDirectoryName(Path.GetFullPath(ProjectFile))!;
            var options = new WorkflowOptions(ProjectLocation.PathInRepository(ProjectFile), GlobalJsonFile: ProjectLocation.GlobalJsonPinningSdk(projectDirectory));
            files.Add(new PlannedOutput(new PlannedFile(WorkflowFile, WithHeader(WorkflowGenerator.Generate(app, options), source), CheckOwnership: true), "SuperDeployGenerateWorkflow"));
        }

        if (GenerateStack)
        {
            files.Add(new PlannedOutput(new PlannedFile(StackFile, WithHeader(StackGenerator.Generate(app, ImageName(app), StackOptions), source), CheckOwnership: false), "SuperDeployGenerateStack"));
        }

        if (GenerateStack)
        {
            // What the deploy runs for each attached addon, for review (the deploy generates the same file itself).
            foreach (var addon in app.AttachedAddons.Select(a => a.Addon).Distinct())
            {
                var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(StackFile))!, "addons", addon.StackName + ".yml");
                files.Add(new PlannedOutput(new PlannedFile(path, AddonStackGenerator.Generate(addon, StackOptions.NodesDeclared), CheckOwnership: false), "SuperDeployGenerateStack"));
            }
        }

        var site = GenerateCaddy ? CaddySiteGenerator.Generate(app) : null;
        if (site is not null)
        {
            files.Add(new PlannedOutput(new PlannedFile(CaddySiteFile, WithHeader(site, source), CheckOwnership: false), "SuperDeployGenerateCaddy"));
        }

        return files;
    }

    /// <summary>`&lt;registry&gt;/&lt;project&gt;/&lt;app&gt;:&lt;tag&gt;`, or `&lt;project&gt;/&lt;app&gt;:&lt;tag&gt;` without a registry.</summary>
    public static string ImageName(string? registry, string project, string app, string? tag)
    {
        var repository = $"{project}/{app}";
        var trimmedRegistry = registry?.Trim().TrimEnd('/');
        if (!string.IsNullOrEmpty(trimmedRegistry)) repository = $"{trimmedRegistry}/{repository}";
        return $"{repository}:{(string.IsNullOrWhiteSpace(tag) ? DefaultImageTag : tag!.Trim())}";
    }

    private string ImageName(AppDefinition app) => ImageName(Registry, app.Project, app.App, ImageTag);

    // Generators may or may not add the ownership header themselves; every written file carries exactly one.
    private static string WithHeader(string content, string source) =>
        content.StartsWith(GeneratedHeader.Prefix, StringComparison.Ordinal) ? content : GeneratedHeader.Wrap(content, source);

    private void DeleteStale(string path)
    {
        if (File.Exists(path)) File.Delete(path);
    }

    /// <summary>The seed's summary: the app, each source-tree file with a check mark, the secret count.</summary>
    private void PrintSummary(AppDefinition app)
    {
        var projectDirectory = Path.GetDirectoryName(Path.GetFullPath(ProjectFile))!;
        var count = app.Processes.Count;
        Log.LogMessage(MessageImportance.High, $"{app.App}:");
        if (GenerateMarker)
        {
            Log.LogMessage(MessageImportance.High, $"  \u2713 {Relative(projectDirectory, MarkerFile)} ({count} {(count == 1 ? "process" : "processes")})");
        }

        Log.LogMessage(MessageImportance.High, $"  Secrets: {app.Secrets.Count}");
        if (GenerateWorkflow)
        {
            Log.LogMessage(MessageImportance.High, $"  \u2713 {Relative(projectDirectory, WorkflowFile)}");
        }
    }

    private static string Relative(string directory, string path)
    {
        var fullPath = Path.GetFullPath(path);
        var root = directory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var relative = fullPath.StartsWith(root, StringComparison.Ordinal) ? fullPath.Substring(root.Length) : fullPath;
        return relative.Replace('\\', '/');
    }

    /// <summary>Logs a `SDnnnn: text` resource as an error with that code, located at the file.</summary>
    private void LogCoded(string resourceName, string file, params object?[] args)
    {
        var (code, text) = Messages.Split(Messages.Format(resourceName, args));
        Log.LogError(null, code, null, file, 0, 0, 0, 0, text);
    }

    private string RelativeToProject(string path) => Relative(Path.GetDirectoryName(Path.GetFullPath(ProjectFile))!, path);

    private sealed record PlannedOutput(PlannedFile File, string OptOutProperty);
}
