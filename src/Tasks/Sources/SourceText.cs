using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using SuperDeploy.Model;
using SuperDeploy.Resources;
using SuperDeploy.Validation;

namespace SuperDeploy.Sources;

/// <summary>Reads an input file (Procfile, config.yml) named by a property, as text, with coded errors instead of exceptions.</summary>
public static class SourceText
{
    private const char ByteOrderMark = '\uFEFF';

    /// <summary>The file's text (UTF-8, BOM dropped), or null with an SD5006/SD5007 error at the project file.</summary>
    public static string? Read(string path, string property, string projectFile, List<Diagnostic> diagnostics)
    {
        var location = new SourceLocation(projectFile);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            diagnostics.Error(location, nameof(Strings.SourceFileMissing), property, path, Messages.FileName(projectFile));
            return null;
        }

        try
        {
            return WithoutByteOrderMark(File.ReadAllText(path, new UTF8Encoding(false)));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            diagnostics.Error(location, nameof(Strings.SourceFileUnreadable), path, exception.Message);
            return null;
        }
    }

    /// <summary>Editors on Windows save a UTF-8 BOM; it is not part of the first line.</summary>
    public static string WithoutByteOrderMark(string text) =>
        text.Length > 0 && text[0] == ByteOrderMark ? text.Substring(1) : text;

    /// <summary>How a message names a place in another file: `Procfile(3,1)`, or the file name alone.</summary>
    public static string Describe(SourceLocation location) =>
        location.Line > 0 ? $"{Messages.FileName(location)}({location.Line},{location.Column})" : Messages.FileName(location);
}
