using System;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using SuperDeploy.Generators;
using SuperDeploy.Output;
using SuperDeploy.Resources;
using SuperDeploy.Sources;
using SuperDeploy.Validation;

namespace SuperDeploy.Tasks;

/// <summary>
/// `-t:SuperDeployWriteProcfile`: the reverse of reading a Procfile. Writes a Heroku-compatible Procfile from the
/// project's processes (ProcfileWriter) under SuperDeploy's generated-file header (a `#` comment, valid in a Procfile),
/// only over a Procfile SuperDeploy wrote and nobody edited since; never when the Procfile is one of the inputs.
/// </summary>
public sealed class SuperDeployExportProcfile : AppTask
{
    /// <summary>Where to write; empty: `Procfile` beside the project.</summary>
    public string? OutputFile { get; set; }

    /// <summary>The Procfile written (or already up to date).</summary>
    [Output]
    public string Written { get; set; } = "";

    public override bool Execute()
    {
        try
        {
            Run();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogCoded(nameof(Strings.WriteFailed), OutputPath, OutputPath, e.Message);
        }
        catch (Exception e)
        {
            LogCoded(nameof(Strings.InternalError), ProjectFile, e.Message);
            Log.LogMessage(MessageImportance.Low, e.ToString());
        }
        return !Log.HasLoggedErrors;
    }

    private string ProjectDirectory => Path.GetDirectoryName(Path.GetFullPath(ProjectFile))!;

    private string OutputPath => string.IsNullOrWhiteSpace(OutputFile)
        ? Path.Combine(ProjectDirectory, ProcfileSource.DefaultFileName)
        : Path.GetFullPath(Path.Combine(ProjectDirectory, OutputFile!.Trim()));

    private void Run()
    {
        var files = SourceFiles.FromProperties(Procfile, UseProcfile, Config);
        if (LoadApp() is not { } app) return;

        var path = OutputPath;
        if (ProcfileInput(files, app, path) is { } input)
        {
            LogCoded(nameof(Strings.ProcfileIsInput), path, path, Messages.FileName(ProjectFile), input);
            return;
        }

        var content = GeneratedHeader.Wrap(ProcfileWriter.Write(app), Path.GetFileName(ProjectFile));
        var conflict = SourceTreeWriter.ForGeneratedFiles().FindConflicts(new[] { new PlannedFile(path, content, CheckOwnership: true) }).FirstOrDefault();
        if (conflict is not null)
        {
            var why = conflict.Kind == WriteConflictKind.ForeignFile
                ? "it exists and was not written by SuperDeploy"
                : "it was written by SuperDeploy and then edited by hand";
            LogCoded(nameof(Strings.ProcfileNotOwned), path, path, why, Messages.FileName(ProjectFile));
            return;
        }

        var outcome = SourceTreeWriter.WriteIfChanged(path, content);
        Written = path;
        var written = app.Processes.Count(p => p.Kind != Model.ProcessKind.Cron);
        Log.LogMessage(MessageImportance.High,
            $"  \u2713 {Relative(path)} ({written} {(written == 1 ? "process" : "processes")}{(outcome == WriteOutcome.Unchanged ? ", unchanged" : "")})");
    }

    /// <summary>What makes a Procfile an input of this project, or null: then the items (and config.yml) are the source.</summary>
    private static string? ProcfileInput(SourceFiles files, Model.AppDefinition app, string path)
    {
        if (files.Procfile is { } procfile) return $"{SourceFiles.ProcfileProperty}={procfile}";
        if (files.UseProcfile) return $"{SourceFiles.UseProcfileProperty}=true";
        // config.yml's `procfile: true` reads the Procfile beside the project: its processes are located in it.
        var fromProcfile = app.Processes.FirstOrDefault(p => !string.IsNullOrEmpty(p.Location.File) &&
            (string.Equals(Path.GetFullPath(p.Location.File), path, StringComparison.Ordinal)
            || string.Equals(Path.GetFileName(p.Location.File), ProcfileSource.DefaultFileName, StringComparison.Ordinal)));
        return fromProcfile is null ? null : $"{SourceFiles.ConfigProperty} (procfile: true)";
    }

    private string Relative(string path)
    {
        var root = ProjectDirectory.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return (path.StartsWith(root, StringComparison.Ordinal) ? path.Substring(root.Length) : path).Replace('\\', '/');
    }

    private void LogCoded(string resourceName, string file, params object?[] args)
    {
        var (code, text) = Messages.Split(Messages.Format(resourceName, args));
        Log.LogError(null, code, null, file, 0, 0, 0, 0, text);
    }
}
