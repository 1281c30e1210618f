using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using SuperDeploy.Model;
using SuperDeploy.Resources;

namespace SuperDeploy.Validation;

/// <summary>
/// Turns Strings.resx entries (`SDnnnn: text`) into text and diagnostics. The code is read from the entry itself,
/// so a message and its code cannot drift apart; a unit test checks every ErrorCodes constant has its entry.
/// </summary>
public static class Messages
{
    /// <summary>The full resource text, code prefix included, formatted with the invariant culture.</summary>
    public static string Format(string resourceName, params object?[] args)
    {
        var template = Strings.ResourceManager.GetString(resourceName, CultureInfo.InvariantCulture)
            ?? throw new ArgumentException($"No message named '{resourceName}' in Strings.resx.", nameof(resourceName));
        return string.Format(CultureInfo.InvariantCulture, template, args);
    }

    /// <summary>Splits `SDnnnn: text` into the code and the text after it.</summary>
    public static (string Code, string Message) Split(string text)
    {
        var colon = text.IndexOf(": ", StringComparison.Ordinal);
        return colon < 0 ? (string.Empty, text) : (text.Substring(0, colon), text.Substring(colon + 2));
    }

    public static Diagnostic Create(DiagnosticSeverity severity, SourceLocation location, string resourceName, params object?[] args)
    {
        var (code, message) = Split(Format(resourceName, args));
        return new Diagnostic(code, severity, message, location);
    }

    /// <summary>How messages name a source file: the file name, since MSBuild already prints the full path as the location.</summary>
    public static string FileName(SourceLocation location) => FileName(location.File);

    public static string FileName(string path) => Path.GetFileName(path) is { Length: > 0 } name ? name : path;

    internal static void Error(this List<Diagnostic> diagnostics, SourceLocation location, string resourceName, params object?[] args) =>
        diagnostics.Add(Create(DiagnosticSeverity.Error, location, resourceName, args));

    internal static void Warning(this List<Diagnostic> diagnostics, SourceLocation location, string resourceName, params object?[] args) =>
        diagnostics.Add(Create(DiagnosticSeverity.Warning, location, resourceName, args));
}
