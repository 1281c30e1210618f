using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using SuperDeploy.Model;
using SuperDeploy.Resources;
using SuperDeploy.Validation;
using YamlDotNet.RepresentationModel;

namespace SuperDeploy.Sources;

/// <summary>
/// An app's `addons:` list, in the seed's two forms: the shorthand `databases.primary as DB` and the mapping
/// `{addon: databases.primary, as: DB}`. Without an alias the last segment, upper-cased, is the alias (PRIMARY).
/// </summary>
internal static class ConfigYamlAddons
{
    private static readonly Regex Reference = new("^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\z", RegexOptions.CultureInvariant);

    private static readonly Regex Alias = new("^[A-Za-z_][A-Za-z0-9_]*\\z", RegexOptions.CultureInvariant);

    private static readonly char[] Whitespace = { ' ', '\t' };

    public static IReadOnlyList<AddonAttachment> Read(string path, string app, YamlNode node, List<Diagnostic> diagnostics)
    {
        var file = Messages.FileName(path);
        if (YamlNodes.IsNull(node)) return Array.Empty<AddonAttachment>();
        if (node is not YamlSequenceNode list)
        {
            diagnostics.Error(YamlNodes.At(path, node), nameof(Strings.ConfigValueWrongShape), file, $"apps.{app}.addons", "a list of addons", YamlNodes.Describe(node));
            return Array.Empty<AddonAttachment>();
        }

        var addons = new List<AddonAttachment>();
        foreach (var item in list.Children)
        {
            var location = YamlNodes.At(path, item);
            var (reference, alias, written) = item switch
            {
                YamlMappingNode mapping => FromMapping(path, app, mapping, diagnostics),
                YamlScalarNode => FromShorthand(YamlNodes.Text(item) ?? string.Empty),
                _ => (null, null, YamlNodes.Describe(item)),
            };

            alias ??= reference is null ? null : DefaultAlias(reference);
            if (reference is null || !Reference.IsMatch(reference) || alias is null || !Alias.IsMatch(alias))
            {
                diagnostics.Error(location, nameof(Strings.ConfigAddonInvalid), file, written, app);
                continue;
            }

            if (addons.FirstOrDefault(a => a.Alias == alias) is { } first)
            {
                diagnostics.Error(location, nameof(Strings.ConfigAddonAliasDuplicate), file, first.Reference, reference, app, alias);
                continue;
            }

            addons.Add(new AddonAttachment(reference, alias, location));
        }

        return addons;
    }

    /// <summary>`databases.primary as DB` or `databases.primary`.</summary>
    private static (string? Reference, string? Alias, string Written) FromShorthand(string text)
    {
        var words = text.Split(Whitespace, StringSplitOptions.RemoveEmptyEntries);
        return words.Length switch
        {
            1 => (words[0], null, text),
            3 when words[1] == "as" => (words[0], words[2], text),
            _ => (null, null, text),
        };
    }

    /// <summary>`{addon: databases.primary, as: DB}`; `as` is optional.</summary>
    private static (string? Reference, string? Alias, string Written) FromMapping(string path, string app, YamlMappingNode mapping, List<Diagnostic> diagnostics)
    {
        string? reference = null, alias = null;
        var valid = true;
        foreach (var pair in mapping.Children)
        {
            var key = YamlNodes.Key(pair.Key);
            var value = pair.Value is YamlScalarNode ? YamlNodes.Text(pair.Value) : null;
            switch (key)
            {
                case "addon":
                    reference = value;
                    break;
                case "as":
                    alias = value;
                    valid &= value is not null;
                    break;
                default:
                    diagnostics.Warning(YamlNodes.At(path, pair.Key), nameof(Strings.ConfigKeyUnknown), Messages.FileName(path), key, $"apps.{app}.addons[]", "addon, as");
                    break;
            }
        }

        var written = string.Join(", ", mapping.Children.Select(p => $"{YamlNodes.Key(p.Key)}: {YamlNodes.Text(p.Value) ?? YamlNodes.Describe(p.Value)}"));
        return valid ? (reference, alias, written) : (null, null, written);
    }

    private static string DefaultAlias(string reference) =>
        reference.Substring(reference.LastIndexOf('.') + 1).Replace('-', '_').ToUpperInvariant();
}
