using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SuperDeploy.Model;
using SuperDeploy.Resources;
using SuperDeploy.Validation;
using YamlDotNet.RepresentationModel;

namespace SuperDeploy.Sources;

/// <summary>
/// Reads one app from the seed's config.yml: `apps:` -> `&lt;app&gt;:` -> `type`, `path`, `vm`, `domain`, `addons:`,
/// `processes:`. Nodes keep their line and column, so every diagnostic points into the file.
/// </summary>
public static class ConfigYamlSource
{
    private static readonly string[] OldProcessTypes = { "web", "worker", "release" };

    private const string KnownAppKeys = "type, path, vm, domain, procfile, addons, processes";

    /// <summary>Reads the file at <paramref name="path"/> (named by <paramref name="property"/>) and parses it.</summary>
    public static ConfigYamlResult Load(string path, string? appName, string property, string projectFile)
    {
        var diagnostics = new List<Diagnostic>();
        var text = SourceText.Read(path, property, projectFile, diagnostics);
        return text is null ? ConfigYamlResult.Empty(diagnostics) : Parse(path, text, appName);
    }

    public static ConfigYamlResult Parse(string path, string text, string? appName)
    {
        var file = Messages.FileName(path);
        var diagnostics = new List<Diagnostic>();

        var stream = YamlSyntax.TryLoad(SourceText.WithoutByteOrderMark(text), out var syntaxError);
        if (stream is null)
        {
            var error = syntaxError!;
            diagnostics.Error(new SourceLocation(path, error.Line, error.Column), nameof(Strings.ConfigYamlMalformed), file, error.Line, error.Column, error.Reason);
            return ConfigYamlResult.Empty(diagnostics);
        }

        var root = stream.Documents.Count > 0 ? stream.Documents[0].RootNode : null;
        var appsKey = root is YamlMappingNode rootMapping
            ? rootMapping.Children.Keys.FirstOrDefault(key => YamlNodes.Key(key) == "apps")
            : null;
        if (appsKey is null)
        {
            diagnostics.Error(root is null ? new SourceLocation(path, 1, 1) : YamlNodes.At(path, root), nameof(Strings.ConfigAppsMissing), file);
            return ConfigYamlResult.Empty(diagnostics);
        }

        var appsNode = ((YamlMappingNode)root!).Children[appsKey];
        if (appsNode is not YamlMappingNode apps)
        {
            diagnostics.Error(YamlNodes.At(path, appsNode), nameof(Strings.ConfigValueWrongShape), file, "apps", "a mapping of app names", YamlNodes.Describe(appsNode));
            return ConfigYamlResult.Empty(diagnostics);
        }

        var appKey = apps.Children.Keys.FirstOrDefault(key => YamlNodes.Key(key) == appName);
        if (appKey is null)
        {
            var names = apps.Children.Keys.Select(YamlNodes.Key).ToList();
            diagnostics.Error(YamlNodes.At(path, appsKey), nameof(Strings.ConfigAppNotFound), file, appName ?? string.Empty,
                names.Count == 0 ? "none" : string.Join(", ", names));
            return ConfigYamlResult.Empty(diagnostics);
        }

        var appNode = apps.Children[appKey];
        if (YamlNodes.IsNull(appNode)) return ConfigYamlResult.Empty(diagnostics);
        if (appNode is not YamlMappingNode app)
        {
            diagnostics.Error(YamlNodes.At(path, appNode), nameof(Strings.ConfigValueWrongShape), file, $"apps.{appName}", "a mapping", YamlNodes.Describe(appNode));
            return ConfigYamlResult.Empty(diagnostics);
        }

        return ReadApp(path, appName!, appKey, app, diagnostics);
    }

    private static ConfigYamlResult ReadApp(string path, string appName, YamlNode appKey, YamlMappingNode app, List<Diagnostic> diagnostics)
    {
        var file = Messages.FileName(path);
        var appPath = $"apps.{appName}";
        var processes = new List<ProcessInput>();
        var addons = new List<AddonAttachment>();
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var useProcfile = false;
        var oldKeys = new List<KeyValuePair<string, YamlNode>>();

        string? Scalar(string key, YamlNode value)
        {
            if (value is YamlScalarNode) return YamlNodes.Text(value);
            diagnostics.Error(YamlNodes.At(path, value), nameof(Strings.ConfigValueWrongShape), file, $"{appPath}.{key}", "a single value", YamlNodes.Describe(value));
            return null;
        }

        foreach (var pair in app.Children)
        {
            var key = YamlNodes.Key(pair.Key);
            switch (YamlNodes.Normalize(key))
            {
                case "type":
                    if (Scalar(key, pair.Value) is { } type && OldProcessTypes.Contains(type.Trim(), StringComparer.OrdinalIgnoreCase))
                        oldKeys.Add(new(key, pair.Value));
                    break;
                case "path":
                    break;
                case "vm":
                    if (Scalar(key, pair.Value) is { } vm) properties[AppRules.VmProperty] = vm;
                    break;
                case "domain":
                    if (Scalar(key, pair.Value) is { } domain) properties[AppRules.DomainProperty] = domain;
                    break;
                case "procfile":
                    var flag = Scalar(key, pair.Value);
                    if (string.Equals(flag, "true", StringComparison.OrdinalIgnoreCase)) useProcfile = true;
                    else if (flag is not null && !string.Equals(flag, "false", StringComparison.OrdinalIgnoreCase))
                        diagnostics.Error(YamlNodes.At(path, pair.Value), nameof(Strings.ConfigValueWrongShape), file, $"{appPath}.{key}", "true or false", YamlNodes.Describe(pair.Value));
                    break;
                case "addons":
                    addons.AddRange(ConfigYamlAddons.Read(path, appName, pair.Value, diagnostics));
                    break;
                case "processes":
                    processes.AddRange(ConfigYamlProcesses.Read(path, appName, pair.Value, diagnostics));
                    break;
                case "processtype":
                case "replicas":
                case "port":
                    oldKeys.Add(new(key, pair.Value));
                    break;
                default:
                    diagnostics.Warning(YamlNodes.At(path, pair.Key), nameof(Strings.ConfigKeyUnknown), file, key, appPath, KnownAppKeys);
                    break;
            }
        }

        if (oldKeys.Count > 0)
        {
            var written = string.Join(", ", oldKeys.Select(k => $"{k.Key}: {YamlNodes.Text(k.Value) ?? YamlNodes.Describe(k.Value)}"));
            diagnostics.Error(YamlNodes.At(path, appKey), nameof(Strings.ConfigOldFormat), appName, file, written, ConfigYamlMigration.ProcessesBlock(oldKeys));
            return ConfigYamlResult.Empty(diagnostics);
        }

        return new ConfigYamlResult(processes, addons, properties, diagnostics) { UseProcfile = useProcfile };
    }
}
