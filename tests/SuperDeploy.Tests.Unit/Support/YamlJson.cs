using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SuperDeploy.Tests.Unit.Support;

/// <summary>
/// YAML to JSON for schema checks, typed by the YAML 1.2 core schema (plain `true`, `8080`, `1.5`, `null` or an
/// empty value become bool, number, null; quoted scalars stay strings) with `&lt;&lt;` merge keys applied.
/// </summary>
public static partial class YamlJson
{
    public static JsonNode? Convert(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        if (stream.Documents.Count != 1) throw new InvalidDataException($"Expected one YAML document, found {stream.Documents.Count}.");
        return ToJson(stream.Documents[0].RootNode);
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlScalarNode scalar => Scalar(scalar),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlMappingNode mapping => Mapping(mapping),
        _ => throw new InvalidDataException($"Unsupported YAML node {node.GetType().Name}."),
    };

    private static JsonObject Mapping(YamlMappingNode mapping)
    {
        var result = new JsonObject();
        // Merged keys first, so the mapping's own keys override them.
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: "<<", Style: ScalarStyle.Plain }) continue;
            var sources = value is YamlSequenceNode list ? list.Children : new[] { value };
            foreach (var source in sources)
                if (ToJson(source) is JsonObject merged)
                    foreach (var (mergedKey, mergedValue) in merged) result[mergedKey] = mergedValue?.DeepClone();
        }
        foreach (var (key, value) in mapping.Children)
        {
            if (key is YamlScalarNode { Value: "<<", Style: ScalarStyle.Plain }) continue;
            var name = key is YamlScalarNode scalarKey ? scalarKey.Value ?? "null" : throw new InvalidDataException("Only scalar keys are supported.");
            result[name] = ToJson(value);
        }
        return result;
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain || !scalar.Tag.IsEmpty) return JsonValue.Create(value);
        if (value is "" or "~" or "null" or "Null" or "NULL") return null;
        if (value is "true" or "True" or "TRUE") return JsonValue.Create(true);
        if (value is "false" or "False" or "FALSE") return JsonValue.Create(false);
        if (DecimalInt().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            return JsonValue.Create(integer);
        if (value.StartsWith("0o", StringComparison.Ordinal) && OctalInt().IsMatch(value)) return JsonValue.Create(System.Convert.ToInt64(value[2..], 8));
        if (value.StartsWith("0x", StringComparison.Ordinal) && HexInt().IsMatch(value)) return JsonValue.Create(System.Convert.ToInt64(value[2..], 16));
        if (Float().IsMatch(value)) return JsonValue.Create(double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture));
        return JsonValue.Create(value);
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex DecimalInt();

    [GeneratedRegex("^0o[0-7]+$")]
    private static partial Regex OctalInt();

    [GeneratedRegex("^0x[0-9a-fA-F]+$")]
    private static partial Regex HexInt();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
