using System.Linq;
using SuperDeploy.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SuperDeploy.Sources;

/// <summary>Small questions about YamlDotNet representation nodes that the config.yml readers share.</summary>
internal static class YamlNodes
{
    public static SourceLocation At(string path, YamlNode node) => At(path, node.Start);

    public static SourceLocation At(string path, Mark mark) => new(path, checked((int)mark.Line), checked((int)mark.Column));

    /// <summary>`key:` with nothing after it, `~` or `null` (plain, not quoted): YAML's null.</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode scalar
        && scalar.Style is ScalarStyle.Plain or ScalarStyle.Any
        && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    /// <summary>What a node is, for a message that says what it should have been.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        _ when IsNull(node) => "empty",
        YamlScalarNode scalar => $"the value '{scalar.Value}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "an alias",
    };

    public static string? Text(YamlNode node) => node is YamlScalarNode scalar && !IsNull(node) ? scalar.Value : null;

    /// <summary>A mapping key as written (keys are scalars in every config.yml we read; anything else shows as its YAML kind).</summary>
    public static string Key(YamlNode key) => key is YamlScalarNode scalar ? scalar.Value ?? string.Empty : Describe(key);

    /// <summary>`run_on`, `runOn`, `RunOn` and `run-on` are the same key.</summary>
    public static string Normalize(string key) => new string(key.Where(c => c != '_' && c != '-').ToArray()).ToLowerInvariant();
}
