using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace SuperDeploy.Sources;

/// <summary>
/// The seed's migration path: the new `processes:` block equivalent to an app written in the old format
/// (app-level `type: web`, `process_type`, `replicas`, `port`), so the error can show what to write instead.
/// </summary>
internal static class ConfigYamlMigration
{
    public const string CommandPlaceholder = "<your start command>";

    private static readonly Regex ProcessName = new("^[A-Za-z0-9_-]+\\z", RegexOptions.CultureInvariant);

    private static readonly Regex WholeNumber = new("^[0-9]+\\z", RegexOptions.CultureInvariant);

    /// <summary>The block, for the old keys as written (`type`/`process_type` name the process; a port alone makes it web).</summary>
    public static string ProcessesBlock(IReadOnlyList<KeyValuePair<string, YamlNode>> oldKeys)
    {
        string? Old(string normalized) =>
            oldKeys.Where(k => YamlNodes.Normalize(k.Key) == normalized).Select(k => YamlNodes.Text(k.Value)?.Trim()).FirstOrDefault(v => v is { Length: > 0 });

        var port = Old("port");
        var replicas = Old("replicas");
        var name = new[] { Old("processtype"), Old("type") }.FirstOrDefault(n => n is not null && ProcessName.IsMatch(n))?.ToLowerInvariant()
            ?? (port is null ? "worker" : "web");

        var process = new YamlMappingNode { { Plain("command"), new YamlScalarNode(CommandPlaceholder) } };
        if (name == "release")
        {
            // A release runs once per deploy: it has no port or replicas, and `run_on: deploy` says so.
            process.Add(Plain("run_on"), Plain("deploy"));
        }
        else
        {
            if (port is not null) process.Add(Plain("port"), Value(port));
            if (replicas is not null) process.Add(Plain("replicas"), Value(replicas));
        }

        return Write(new YamlMappingNode { { Plain("processes"), new YamlMappingNode { { Plain(name), process } } } });
    }

    private static YamlScalarNode Plain(string text) => new(text) { Style = ScalarStyle.Plain };

    /// <summary>A number stays a number; anything else the user wrote is quoted as needed by the emitter.</summary>
    private static YamlScalarNode Value(string text) => WholeNumber.IsMatch(text) ? Plain(text) : new YamlScalarNode(text) { Style = ScalarStyle.DoubleQuoted };

    private static string Write(YamlNode root)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(writer, new EmitterSettings().WithNewLine("\n"));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, true));
        Emit(emitter, root);
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return writer.ToString().TrimEnd('\n');
    }

    private static void Emit(IEmitter emitter, YamlNode node)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                emitter.Emit(new Scalar(null, null, scalar.Value ?? string.Empty, scalar.Style, true, false));
                break;
            case YamlMappingNode mapping:
                emitter.Emit(new MappingStart(null, null, true, MappingStyle.Block));
                foreach (var pair in mapping.Children)
                {
                    Emit(emitter, pair.Key);
                    Emit(emitter, pair.Value);
                }

                emitter.Emit(new MappingEnd());
                break;
            default:
                throw new ArgumentException($"Unsupported YAML node {node.GetType().Name}.", nameof(node));
        }
    }
}
