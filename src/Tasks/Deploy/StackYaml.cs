using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SuperDeploy.Deploy;

/// <summary>
/// Adjusts a generated stack file for one deploy without touching anything else in it (through YamlDotNet's node
/// model, never text): the live replica count to keep, and labels the deploy reads back next time.
/// </summary>
public static class StackYaml
{
    public sealed record ServiceOverride(int? Replicas, IReadOnlyDictionary<string, string> Labels);

    /// <param name="overrides">By service key (`api-web`).</param>
    public static string Apply(string stackYaml, IReadOnlyDictionary<string, ServiceOverride> overrides)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(stackYaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        if (root.Children.TryGetValue(new YamlScalarNode("services"), out var servicesNode) && servicesNode is YamlMappingNode services)
        {
            foreach (var entry in services.Children)
            {
                var key = ((YamlScalarNode)entry.Key).Value!;
                if (!overrides.TryGetValue(key, out var change) || entry.Value is not YamlMappingNode service) continue;
                var deploy = Child(service, "deploy");
                if (change.Replicas is int replicas)
                    deploy.Children[new YamlScalarNode("replicas")] = new YamlScalarNode(replicas.ToString(CultureInfo.InvariantCulture));
                if (change.Labels.Count > 0) AddLabels(deploy, change.Labels);
            }
        }

        return Save(stream);
    }

    /// <summary>Labels for every service in the file (the edge stack's hash).</summary>
    public static string LabelAllServices(string stackYaml, IReadOnlyDictionary<string, string> labels)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(stackYaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var keys = root.Children.TryGetValue(new YamlScalarNode("services"), out var s) && s is YamlMappingNode services
            ? services.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value!).ToArray()
            : new string[0];
        return Apply(stackYaml, keys.ToDictionary(k => k, _ => new ServiceOverride(null, labels)));
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
