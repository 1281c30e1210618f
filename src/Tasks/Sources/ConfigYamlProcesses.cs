using System;
using System.Collections.Generic;
using System.Linq;
using SuperDeploy.Model;
using SuperDeploy.Resources;
using SuperDeploy.Validation;
using YamlDotNet.RepresentationModel;

namespace SuperDeploy.Sources;

/// <summary>
/// An app's `processes:` mapping as raw process inputs: each key a process, its keys (snake_case as in the seed, or
/// the item metadata names) turned into the metadata a SuperDeployProcess item would carry.
/// </summary>
internal static class ConfigYamlProcesses
{
    private const string Resources = "resources";

    private const string KnownKeys = "command, port, replicas, run_on, schedule, health_path, resources, memory, cpu, depends_on";

    private const string KnownResourceKeys = "memory, cpu";

    /// <summary>Normalized key (see <see cref="YamlNodes.Normalize"/>) to metadata name.</summary>
    private static readonly Dictionary<string, string> Metadata = MetadataNames.Known.ToDictionary(YamlNodes.Normalize, name => name);

    private static readonly string[] ResourceMetadata = { MetadataNames.Memory, MetadataNames.Cpu };

    public static IReadOnlyList<ProcessInput> Read(string path, string app, YamlNode node, List<Diagnostic> diagnostics)
    {
        var file = Messages.FileName(path);
        var processesPath = $"apps.{app}.processes";
        if (YamlNodes.IsNull(node)) return Array.Empty<ProcessInput>();
        if (node is not YamlMappingNode processes)
        {
            diagnostics.Error(YamlNodes.At(path, node), nameof(Strings.ConfigValueWrongShape), file, processesPath, "a mapping of process names", YamlNodes.Describe(node));
            return Array.Empty<ProcessInput>();
        }

        var result = new List<ProcessInput>();
        foreach (var pair in processes.Children)
        {
            var name = YamlNodes.Key(pair.Key);
            var processPath = $"{processesPath}.{name}";
            var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (pair.Value is YamlMappingNode settings)
                ReadSettings(new Reader(path, name, processPath, metadata, diagnostics), settings);
            else if (!YamlNodes.IsNull(pair.Value))
                diagnostics.Error(YamlNodes.At(path, pair.Value), nameof(Strings.ConfigValueWrongShape), file, processPath,
                    "a mapping (command, port, replicas, ...)", YamlNodes.Describe(pair.Value));

            result.Add(new ProcessInput(name, metadata, YamlNodes.At(path, pair.Key)));
        }

        return result;
    }

    private static void ReadSettings(Reader reader, YamlMappingNode settings)
    {
        foreach (var pair in settings.Children)
        {
            var key = YamlNodes.Key(pair.Key);
            var normalized = YamlNodes.Normalize(key);
            if (normalized == Resources) ReadResources(reader, key, pair.Value);
            else if (Metadata.TryGetValue(normalized, out var metadata)) reader.Set(metadata, key, pair.Value);
            else reader.Unknown(pair.Key, reader.ProcessPath, KnownKeys);
        }
    }

    /// <summary>The seed's "Process-Level Resources" form: `resources: {memory: 512M, cpu: 0.5}`.</summary>
    private static void ReadResources(Reader reader, string key, YamlNode node)
    {
        var resourcesPath = $"{reader.ProcessPath}.{key}";
        if (YamlNodes.IsNull(node)) return;
        if (node is not YamlMappingNode resources)
        {
            reader.WrongShape(node, resourcesPath, "a mapping (memory, cpu)");
            return;
        }

        foreach (var pair in resources.Children)
        {
            var name = YamlNodes.Key(pair.Key);
            var metadata = ResourceMetadata.FirstOrDefault(m => YamlNodes.Normalize(m) == YamlNodes.Normalize(name));
            if (metadata is null) reader.Unknown(pair.Key, resourcesPath, KnownResourceKeys);
            else reader.Set(metadata, $"{key}.{name}", pair.Value);
        }
    }

    /// <summary>Collects one process's metadata, reporting against its place in the file.</summary>
    private sealed class Reader(string path, string process, string processPath, Dictionary<string, string> metadata, List<Diagnostic> diagnostics)
    {
        private readonly Dictionary<string, string> keyFor = new(StringComparer.OrdinalIgnoreCase);

        public string ProcessPath => processPath;

        private string File => Messages.FileName(path);

        public void Set(string name, string key, YamlNode value)
        {
            var text = Value(name, key, value);
            if (text is null) return;
            if (metadata.TryGetValue(name, out var first))
            {
                diagnostics.Error(YamlNodes.At(path, value), nameof(Strings.ConfigKeyTwice), File, process, name,
                    $"{keyFor[name]}: {first}", $"{key}: {text}");
                return;
            }

            metadata[name] = text;
            keyFor[name] = key;
        }

        /// <summary>A scalar as written (null = empty); DependsOn also takes a list of names.</summary>
        private string? Value(string name, string key, YamlNode value)
        {
            if (value is YamlScalarNode) return YamlNodes.Text(value) ?? string.Empty;
            if (name == MetadataNames.DependsOn && value is YamlSequenceNode list)
            {
                var names = new List<string>();
                foreach (var item in list.Children)
                {
                    if (item is YamlScalarNode && YamlNodes.Text(item) is { } dependency) names.Add(dependency);
                    else WrongShape(item, $"{processPath}.{key}[]", "a process name");
                }

                return string.Join(";", names);
            }

            WrongShape(value, $"{processPath}.{key}", name == MetadataNames.DependsOn ? "a process name or a list of them" : "a single value");
            return null;
        }

        public void WrongShape(YamlNode node, string at, string expected) =>
            diagnostics.Error(YamlNodes.At(path, node), nameof(Strings.ConfigValueWrongShape), File, at, expected, YamlNodes.Describe(node));

        public void Unknown(YamlNode key, string at, string known) =>
            diagnostics.Warning(YamlNodes.At(path, key), nameof(Strings.ConfigKeyUnknown), File, YamlNodes.Key(key), at, known);
    }
}
