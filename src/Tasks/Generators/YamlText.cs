using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace SuperDeploy.Generators;

/// <summary>
/// Builds YamlDotNet representation nodes and writes them through YamlDotNet's emitter with the settings every
/// generated file shares: LF endings, no line folding, indented sequences, no document markers. Quoting of values
/// is left to the emitter (it quotes `: `, `#`, a leading `*`, `&amp;` and the like), except for strings whose plain
/// form a YAML 1.1 or 1.2 reader would type as something else (`8000`, `true`, `on`, `null`): those are double-quoted.
/// </summary>
internal static class YamlText
{
    private static readonly EmitterSettings Settings = new EmitterSettings()
        .WithBestWidth(int.MaxValue)
        .WithNewLine("\n")
        .WithIndentedSequences();

    // Plain scalars that some YAML reader (1.1 or 1.2 core schema) resolves to a non-string.
    private static readonly Regex NonStringPlain = new(
        @"^(?:~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|<<|=" +
        @"|[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?" +
        @"|[-+]?0[xX][0-9a-fA-F_]+|[-+]?0[oO]?[0-7_]+|[-+]?0[bB][01_]+" +
        @"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?" +
        @"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)" +
        @"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*)$",
        RegexOptions.CultureInvariant);

    /// <summary>A string value: always read back as the same string.</summary>
    public static YamlScalarNode Str(string value) =>
        new(value) { Style = NeedsDoubleQuotes(value) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any };

    // YamlDotNet's emitter would write a leading or trailing tab plain, and a reader drops it; control characters
    // only survive double quotes' escapes.
    private static bool NeedsDoubleQuotes(string value) =>
        value.Length == 0
        || NonStringPlain.IsMatch(value)
        || char.IsWhiteSpace(value[0])
        || char.IsWhiteSpace(value[value.Length - 1])
        || value.Any(c => char.IsControl(c) && c != '\n');

    /// <summary>A string value that is always double-quoted (e.g. a cron schedule, as users write it).</summary>
    public static YamlScalarNode Quoted(string value) => new(value) { Style = ScalarStyle.DoubleQuoted };

    /// <summary>A mapping key we chose ourselves (an identifier such as `on` or `PORT`): always plain.</summary>
    public static YamlScalarNode Key(string key) => new(key) { Style = ScalarStyle.Plain };

    public static YamlScalarNode Int(long value) => new(value.ToString(CultureInfo.InvariantCulture)) { Style = ScalarStyle.Plain };

    public static YamlScalarNode Bool(bool value) => new(value ? "true" : "false") { Style = ScalarStyle.Plain };

    /// <summary>A number as written by the generator (e.g. `0.5`), emitted plain so it reads back as a number.</summary>
    public static YamlScalarNode Number(string text) => new(text) { Style = ScalarStyle.Plain };

    /// <summary>A multi-line script, emitted as a literal block (`|`).</summary>
    public static YamlScalarNode Literal(string text) => new(text) { Style = ScalarStyle.Literal };

    public static YamlSequenceNode Seq(IEnumerable<YamlNode> items, SequenceStyle style = SequenceStyle.Block) =>
        new(items) { Style = style };

    public static YamlSequenceNode StrSeq(IEnumerable<string> items, SequenceStyle style = SequenceStyle.Block)
    {
        var sequence = new YamlSequenceNode { Style = style };
        foreach (var item in items) sequence.Add(Str(item));
        return sequence;
    }

    /// <summary>A mapping that keeps insertion order.</summary>
    public static YamlMappingNode Map() => new() { Style = MappingStyle.Block };

    public static void Put(this YamlMappingNode map, string key, YamlNode value) => map.Add(Key(key), value);

    public static void Put(this YamlMappingNode map, string key, string value) => map.Add(Key(key), Str(value));

    /// <summary>Writes one document; <paramref name="comments"/> adds a `# text` after the given scalars.</summary>
    public static string Write(YamlNode root, IReadOnlyList<KeyValuePair<YamlNode, string>>? comments = null)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(writer, Settings);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, true));
        Emit(emitter, root, comments);
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    private static void Emit(IEmitter emitter, YamlNode node, IReadOnlyList<KeyValuePair<YamlNode, string>>? comments)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                emitter.Emit(new Scalar(null, null, scalar.Value ?? string.Empty, scalar.Style, true, false));
                var comment = CommentFor(scalar, comments);
                if (comment != null) emitter.Emit(new Comment(comment, true));
                break;
            case YamlSequenceNode sequence:
                emitter.Emit(new SequenceStart(null, null, true, sequence.Style));
                foreach (var child in sequence.Children) Emit(emitter, child, comments);
                emitter.Emit(new SequenceEnd());
                break;
            case YamlMappingNode mapping:
                emitter.Emit(new MappingStart(null, null, true, mapping.Style));
                foreach (var pair in mapping.Children)
                {
                    Emit(emitter, pair.Key, comments);
                    Emit(emitter, pair.Value, comments);
                }
                emitter.Emit(new MappingEnd());
                break;
            default:
                throw new ArgumentException($"Unsupported YAML node {node.GetType().Name}.", nameof(node));
        }
    }

    private static string? CommentFor(YamlNode node, IReadOnlyList<KeyValuePair<YamlNode, string>>? comments)
    {
        if (comments == null) return null;
        foreach (var pair in comments)
            if (ReferenceEquals(pair.Key, node)) return pair.Value;
        return null;
    }
}
