using System.Collections.Generic;
using System.IO;
using System.Linq;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SuperDeploy.Deploy;

/// <summary>
/// Labels every service of a generated stack file without touching anything else in it (through YamlDotNet's node
/// model, never text): hashes the deploy reads back next time.
/// </summary>
public static class StackYaml
{
    public static string LabelAllServices(string stackYaml, IReadOnlyDictionary<string, string> labels)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(stackYaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        if (labels.Count > 0 && root.Children.TryGetValue(new YamlScalarNode("services"), out var s) && s is YamlMappingNode services)
        {
            foreach (var service in services.Children.Values.OfType<YamlMappingNode>())
                AddLabels(Child(service, "deploy"), labels);
        }

        return Save(stream);
    }

    private static string Save(YamlStream stream)
    {
        var writer = new StringWriter { NewLine = "\n" };
        stream.Save(writer, assignAnchors: false);
        var text = writer.ToString();
        // YamlStream ends a document with "...": harmless, but noise in `docker stack config` output and logs.
        return text.EndsWith("...\n", System.StringComparison.Ordinal) ? text.Substring(0, text.Length - 4) : text;
    }

    private static void AddLabels(YamlMappingNode deploy, IReadOnlyDictionary<string, string> labels)
    {
        if (deploy.Children.TryGetValue(new YamlScalarNode("labels"), out var existing) && existing is YamlSequenceNode list)
        {
            foreach (var label in labels)
            {
                var prefix = label.Key + "=";
                foreach (var old in list.Children.OfType<YamlScalarNode>().Where(n => n.Value!.StartsWith(prefix, System.StringComparison.Ordinal)).ToArray())
                    list.Children.Remove(old);
                list.Add(new YamlScalarNode(prefix + label.Value) { Style = ScalarStyle.DoubleQuoted });
            }
            return;
        }

        var map = Child(deploy, "labels");
        foreach (var label in labels)
            map.Children[new YamlScalarNode(label.Key)] = new YamlScalarNode(label.Value) { Style = ScalarStyle.DoubleQuoted };
    }

    private static YamlMappingNode Child(YamlMappingNode parent, string name)
    {
        if (parent.Children.TryGetValue(new YamlScalarNode(name), out var node) && node is YamlMappingNode map) return map;
        map = new YamlMappingNode();
        parent.Children[new YamlScalarNode(name)] = map;
        return map;
    }
}
