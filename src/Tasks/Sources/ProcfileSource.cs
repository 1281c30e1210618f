using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using SuperDeploy.Model;
using SuperDeploy.Resources;
using SuperDeploy.Validation;

namespace SuperDeploy.Sources;

/// <summary>
/// Reads a Heroku Procfile (`name: command` per line, `#` comments, blank lines). Any bad line rejects the whole
/// file (Dokku's rule): half a Procfile, say one side of a merge conflict, must never deploy.
/// </summary>
public static class ProcfileSource
{
    public const string DefaultFileName = "Procfile";

    private static readonly Regex Name = new("^[A-Za-z0-9_-]+\\z", RegexOptions.CultureInvariant);

    private static readonly string[] ConflictMarkers = { "<<<<<<<", "|||||||", "=======", ">>>>>>>" };

    /// <summary>Reads the file at <paramref name="path"/> (named by <paramref name="property"/>) and parses it.</summary>
    public static ProcfileResult Load(string path, string property, string projectFile)
    {
        var diagnostics = new List<Diagnostic>();
        var text = SourceText.Read(path, property, projectFile, diagnostics);
        return text is null ? new ProcfileResult(Array.Empty<ProcessInput>(), diagnostics) : Parse(path, text);
    }

    public static ProcfileResult Parse(string path, string text)
    {
        var file = Messages.FileName(path);
        var diagnostics = new List<Diagnostic>();
        var processes = new List<ProcessInput>();
        var firstLine = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var lines = SourceText.WithoutByteOrderMark(text).Split('\n');

        for (var index = 0; index < lines.Length; index++)
        {
            var number = index + 1;
            var raw = lines[index].TrimEnd('\r');
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith("#", StringComparison.Ordinal)) continue;

            var location = new SourceLocation(path, number, raw.Length - raw.TrimStart().Length + 1);
            void Error(string resource, params object?[] details) => diagnostics.Error(location, resource, [file, number, .. details]);

            var colon = line.IndexOf(':');
            if (ConflictMarkers.Any(marker => line.StartsWith(marker, StringComparison.Ordinal)))
            {
                Error(nameof(Strings.ProcfileConflictMarker), line);
                continue;
            }

            if (colon < 0)
            {
                Error(nameof(Strings.ProcfileLineMalformed), line);
                continue;
            }

            var name = line.Substring(0, colon);
            var command = line.Substring(colon + 1).Trim();
            if (!Name.IsMatch(name))
            {
                Error(nameof(Strings.ProcfileNameInvalid), name);
            }
            else if (firstLine.TryGetValue(name, out var first))
            {
                Error(nameof(Strings.ProcfileNameDuplicate), name, first);
            }
            else
            {
                firstLine.Add(name, number);
                if (command.Length == 0) Error(nameof(Strings.ProcfileCommandEmpty), name);
                else processes.Add(new ProcessInput(name, Command(command), location));
            }
        }

        return diagnostics.Any(d => d.IsError)
            ? new ProcfileResult(Array.Empty<ProcessInput>(), diagnostics)
            : new ProcfileResult(processes, diagnostics);
    }

    private static IReadOnlyDictionary<string, string> Command(string command) =>
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [MetadataNames.Command] = command };
}
