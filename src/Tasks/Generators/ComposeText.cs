using YamlDotNet.RepresentationModel;

namespace SuperDeploy.Generators;

/// <summary>Scalars for stack files: `docker stack deploy` interpolates `$VAR` from the deploying machine's shell, so every `$` is doubled.</summary>
internal static class ComposeText
{
    public static string Escape(string value) => value.Replace("$", "$$");

    public static YamlScalarNode Str(string value) => YamlText.Str(Escape(value));

    public static YamlSequenceNode StrSeq(System.Collections.Generic.IEnumerable<string> items)
    {
        var sequence = new YamlSequenceNode { Style = YamlDotNet.Core.Events.SequenceStyle.Block };
        foreach (var item in items) sequence.Add(Str(item));
        return sequence;
    }

    public static void PutStr(this YamlMappingNode map, string key, string value) => map.Add(YamlText.Key(key), Str(value));
}
