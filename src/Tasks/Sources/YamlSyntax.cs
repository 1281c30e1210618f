using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace SuperDeploy.Sources;

/// <summary>Where and why a YAML text is malformed (line and column are 1-based).</summary>
internal sealed record YamlSyntaxError(int Line, int Column, string Reason);

/// <summary>
/// Loads YAML into YamlDotNet's representation model, turning every way the text can be malformed into a place and a
/// reason. YamlDotNet's own location is used when it has one; two cases need help: a tab in the indentation (reported
/// at the start of the enclosing mapping) and an unclosed `{`/`[` followed by more lines (YamlDotNet 18's scanner
/// throws InvalidOperationException there, without a location).
/// </summary>
internal static class YamlSyntax
{
    // YamlException messages start with the span, "(Line: 3, Col: 5, Idx: 20) - (Line: 3, Col: 6, Idx: 21): ".
    private static readonly Regex SpanPrefix = new("^\\(Line: [^)]*\\) - \\(Line: [^)]*\\): ", RegexOptions.CultureInvariant);

    public static YamlStream? TryLoad(string text, out YamlSyntaxError? error)
    {
        error = Check(text);
        if (error is not null) return null;

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
            return stream;
        }
        catch (YamlException exception)
        {
            // Semantic errors the parser lets through: duplicate keys, unknown aliases.
            error = FromException(text, exception);
            return null;
        }
    }

    /// <summary>Walks the parser's events once, remembering the flow collections still open.</summary>
    private static YamlSyntaxError? Check(string text)
    {
        var open = new Stack<(bool Flow, Mark Start)>();
        var parser = new Parser(new StringReader(text));
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case MappingStart start:
                        open.Push((start.Style == MappingStyle.Flow, start.Start));
                        break;
                    case SequenceStart start:
                        open.Push((start.Style == SequenceStyle.Flow, start.Start));
                        break;
                    case MappingEnd or SequenceEnd:
                        open.Pop();
                        break;
                }
            }

            return null;
        }
        catch (YamlException exception)
        {
            return FromException(text, exception);
        }
        catch (InvalidOperationException)
        {
            foreach (var (flow, start) in open)
            {
                if (flow) return new YamlSyntaxError(Line(start), Column(start), "a flow collection ('{' or '[') opened here is not closed before the next line");
            }

            var end = parser.Current?.End ?? Mark.Empty;
            return new YamlSyntaxError(Line(end), Column(end), "the YAML parser could not continue after this point");
        }
    }

    private static YamlSyntaxError FromException(string text, YamlException exception)
    {
        var reason = SpanPrefix.Replace(exception.Message, string.Empty);
        if (reason.IndexOf("tab", StringComparison.OrdinalIgnoreCase) >= 0 && FirstTabIndent(text, Line(exception.Start)) is { } tab)
            return new YamlSyntaxError(tab.Line, tab.Column, reason);

        return new YamlSyntaxError(Line(exception.Start), Column(exception.Start), reason);
    }

    /// <summary>The first tab in a line's indentation, from <paramref name="fromLine"/> on.</summary>
    private static (int Line, int Column)? FirstTabIndent(string text, int fromLine)
    {
        var lines = text.Split('\n');
        for (var i = Math.Max(fromLine - 1, 0); i < lines.Length; i++)
        {
            for (var j = 0; j < lines[i].Length && (lines[i][j] == ' ' || lines[i][j] == '\t'); j++)
            {
                if (lines[i][j] == '\t') return (i + 1, j + 1);
            }
        }

        return null;
    }

    private static int Line(Mark mark) => Math.Max(1, checked((int)mark.Line));

    private static int Column(Mark mark) => Math.Max(1, checked((int)mark.Column));
}
