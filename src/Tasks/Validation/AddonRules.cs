using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using SuperDeploy.Model;
using SuperDeploy.Resources;

namespace SuperDeploy.Validation;

/// <summary>The project's validated addons and this app's attachments to them.</summary>
internal sealed record AddonModel(IReadOnlyList<AddonDefinition> Definitions, IReadOnlyList<AddonAttachment> Attachments);

/// <summary>
/// The rules for SuperDeployAddon items: items naming one addon merge (a Directory.Build.props declares it, the project
/// attaches it with As); a declaration needs a known Type and names that fit Docker; an attachment needs a declared addon
/// and an alias that can prefix environment variables without colliding with another alias or a secret.
/// </summary>
internal static class AddonRules
{
    public const string Type = "Type";
    public const string Version = "Version";
    public const string Image = "Image";
    public const string Memory = "Memory";
    public const string Cpu = "Cpu";
    public const string Publish = "Publish";
    public const string As = "As";
    public const string Vm = "Vm";

    internal static readonly string[] Known = { Type, Version, Image, Memory, Cpu, Publish, Vm, As };

    private static readonly Regex Name = new("^[a-z0-9]+(\\.[a-z0-9-]+)*\\z", RegexOptions.CultureInvariant);
    private static readonly Regex Alias = new("^[A-Z][A-Z0-9_]*\\z", RegexOptions.CultureInvariant);
    private static readonly Regex Tag = new("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}\\z", RegexOptions.CultureInvariant);
    private static readonly Regex ImageReference = new("^[a-z0-9][A-Za-z0-9._/:@-]*\\z", RegexOptions.CultureInvariant);

    /// <summary>Items naming one addon, merged: the first value of each metadata, and where the Type (the declaration) came from.</summary>
    private sealed record MergedAddon(string Name, Dictionary<string, (string Value, SourceLocation Location)> Metadata, SourceLocation Location)
    {
        public string? Get(string key) => Metadata.TryGetValue(key, out var entry) ? entry.Value : null;

        public SourceLocation LocationOf(string key) => Metadata.TryGetValue(key, out var entry) ? entry.Location : Location;
    }

    public static AddonModel Read(AppInput input, string? project, string? app, IReadOnlyList<string> secrets,
        IReadOnlyList<ProcessDefinition> processes, List<Diagnostic> diagnostics)
    {
        var merged = Merge(input.AddonItems, diagnostics);
        var definitions = new List<AddonDefinition>();
        foreach (var addon in merged.Where(a => a.Get(Type) is not null))
        {
            if (ReadDefinition(addon, project, diagnostics) is { } definition)
            {
                definitions.Add(definition);
                CheckServiceClash(definition, app, processes, diagnostics);
            }
        }

        foreach (var addon in merged.Where(a => a.Get(Type) is null && a.Get(As) is null))
            diagnostics.Error(addon.Location, nameof(Strings.AddonTypeMissing), addon.Name, Messages.FileName(addon.Location));

        var declared = merged.Where(a => a.Get(Type) is not null).Select(a => a.Name).ToList();
        var requested = input.Addons.Concat(merged
            .Where(a => a.Get(As) is not null)
            .Select(a => new AddonAttachment(a.Name, a.Get(As)!, a.LocationOf(As))));
        var attachments = ReadAttachments(requested, declared, input.ProjectFile, app, secrets, diagnostics);
        return new AddonModel(definitions, attachments.Where(a => definitions.Any(d => d.Name == a.Reference)).ToList());
    }

    private static List<MergedAddon> Merge(IReadOnlyList<AddonInput> items, List<Diagnostic> diagnostics)
    {
        var merged = new List<MergedAddon>();
        foreach (var item in items)
        {
            var name = item.Name.Trim();
            var addon = merged.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));
            if (addon is null)
            {
                addon = new MergedAddon(name, new Dictionary<string, (string, SourceLocation)>(StringComparer.OrdinalIgnoreCase), item.Location);
                merged.Add(addon);
            }

            var file = Messages.FileName(item.Location);
            foreach (var pair in item.Metadata)
            {
                var key = pair.Key.Trim();
                var value = pair.Value?.Trim() ?? string.Empty;
                if (MetadataNames.IsIgnored(key)) continue;
                var known = Known.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
                if (known is null)
                {
                    diagnostics.Warning(item.Location, nameof(Strings.AddonMetadataUnknown), name, file, key, value);
                    continue;
                }

                if (value.Length == 0) continue;
                if (!addon.Metadata.TryGetValue(known, out var earlier))
                {
                    addon.Metadata[known] = (value, item.Location);
                }
                else if (!SameValue(known, earlier.Value, value))
                {
                    diagnostics.Error(item.Location, nameof(Strings.AddonMetadataConflict), name, file, known, value, earlier.Value, Messages.FileName(earlier.Location));
                }
            }
        }

        // The declaration (the item with the Type) is where an addon's own diagnostics point.
        return merged.Select(a => a with { Location = a.LocationOf(Type) }).ToList();
    }

    private static bool SameValue(string key, string a, string b) =>
        string.Equals(a, b, key == Type ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    private static AddonDefinition? ReadDefinition(MergedAddon addon, string? project, List<Diagnostic> diagnostics)
    {
        var location = addon.Location;
        var errors = diagnostics.Count(d => d.IsError);
        void Error(string key, string resource, params object?[] details) =>
            diagnostics.Error(addon.LocationOf(key), resource, [addon.Name, Messages.FileName(addon.LocationOf(key)), .. details]);

        var key = addon.Name.Replace('.', '-');
        if (!Name.IsMatch(addon.Name) || !DnsNames.IsLabel(key)) Error(Type, nameof(Strings.AddonNameInvalid), key);

        var typeValue = addon.Get(Type)!;
        if (!AddonTypes.TryParse(typeValue, out var type))
        {
            Error(Type, nameof(Strings.AddonTypeUnknown), typeValue);
            return null;
        }

        var version = addon.Get(Version) ?? AddonTypes.DefaultVersion(type);
        if (!Tag.IsMatch(version)) Error(Version, nameof(Strings.AddonVersionInvalid), version);
        else if (type == AddonType.Postgres && AddonTypes.PostgresMajor(version) is null) Error(Version, nameof(Strings.AddonPostgresVersionNoMajor), version);

        var image = addon.Get(Image) ?? AddonTypes.DefaultImage(type, version);
        if (!ImageReference.IsMatch(image)) Error(Image, nameof(Strings.AddonImageInvalid), image);

        var memory = AddonTypes.DefaultMemoryBytes(type);
        if (addon.Get(Memory) is { } memoryValue
            && !(Quantities.TryParseMemory(memoryValue, out memory) && memory >= Quantities.MinimumMemoryBytes))
            Error(Memory, nameof(Strings.AddonMemoryInvalid), memoryValue);

        double? cpu = null;
        if (addon.Get(Cpu) is { } cpuValue)
        {
            if (Quantities.TryParseCpu(cpuValue, out var cpus)) cpu = cpus;
            else Error(Cpu, nameof(Strings.AddonCpuInvalid), cpuValue);
        }

        int? publish = null;
        if (addon.Get(Publish) is { } publishValue)
        {
            if (string.Equals(publishValue, "true", StringComparison.OrdinalIgnoreCase)) publish = AddonTypes.Port(type);
            else if (string.Equals(publishValue, "false", StringComparison.OrdinalIgnoreCase)) publish = null;
            else if (Quantities.TryParseWholeNumber(publishValue, out var port) && port is >= 1 and <= 65535) publish = port;
            else Error(Publish, nameof(Strings.AddonPublishInvalid), publishValue, AddonTypes.Port(type));
        }

        // The same rule as a process's Vm: a role becomes part of a node label. Whether a node holds it is NodeRules' check.
        var vm = addon.Get(Vm);
        if (vm is not null && !DnsNames.IsLabel(vm)) Error(Vm, nameof(Strings.AddonVmInvalid), vm);

        if (project is null || diagnostics.Count(d => d.IsError) > errors) return null;

        var definition = new AddonDefinition(project, addon.Name, type, version, image, memory, cpu, publish, location)
        {
            Vm = vm,
            VmLocation = vm is null ? null : addon.LocationOf(Vm),
        };
        foreach (var (derived, limit) in DerivedNames(definition))
        {
            if (derived.Length > limit)
            {
                Error(Type, nameof(Strings.AddonNameTooLong), derived, project, derived.Length, limit);
                return null;
            }
        }

        return definition;
    }

    /// <summary>Every Docker name made from the addon, with Docker's limit for it (services 63, secrets 64).</summary>
    private static IEnumerable<(string Name, int Limit)> DerivedNames(AddonDefinition addon)
    {
        yield return (addon.SwarmServiceName, DnsNames.MaxLabelLength);
        yield return (addon.PasswordSecret, SecretNames.MaxLength);
        yield return (addon.UrlSecret, SecretNames.MaxLength);
        if (addon.ServerConfigSecret is { } config) yield return (config, SecretNames.MaxLength);
    }

    private static void CheckServiceClash(AddonDefinition addon, string? app, IReadOnlyList<ProcessDefinition> processes, List<Diagnostic> diagnostics)
    {
        if (app is null) return;
        foreach (var process in processes.Where(p => p.Kind != ProcessKind.Release && p.ServiceName(app) == addon.Host))
            diagnostics.Error(addon.Location, nameof(Strings.AddonServiceClash), addon.Name, Messages.FileName(addon.Location), addon.Host, process.Name, app);
    }

    private static List<AddonAttachment> ReadAttachments(IEnumerable<AddonAttachment> requested, IReadOnlyList<string> declared,
        string projectFile, string? app, IReadOnlyList<string> secrets, List<Diagnostic> diagnostics)
    {
        var attachments = new List<AddonAttachment>();
        foreach (var attachment in requested)
        {
            var reference = attachment.Reference.Trim();
            var alias = attachment.Alias.Trim();
            var file = Messages.FileName(attachment.Location);
            void Error(string resource, params object?[] details) => diagnostics.Error(attachment.Location, resource, [reference, file, .. details]);

            if (!declared.Contains(reference, StringComparer.Ordinal))
            {
                diagnostics.Error(attachment.Location, nameof(Strings.AddonNotDeclared), app ?? Messages.FileName(projectFile), file, reference, alias,
                    declared.Count == 0 ? "none" : string.Join(", ", declared));
                continue;
            }

            if (!Alias.IsMatch(alias))
            {
                Error(nameof(Strings.AddonAliasInvalid), alias);
                continue;
            }

            if (alias.StartsWith("SUPERDEPLOY", StringComparison.Ordinal))
            {
                Error(nameof(Strings.AddonAliasReserved), alias);
                continue;
            }

            if (attachments.Any(a => a.Reference == reference && a.Alias == alias)) continue;

            if (attachments.FirstOrDefault(a => a.Reference == reference) is { } same)
            {
                Error(nameof(Strings.AddonAttachedTwice), same.Alias, alias);
                continue;
            }

            if (attachments.FirstOrDefault(a => a.Alias == alias) is { } other)
            {
                Error(nameof(Strings.AddonAliasDuplicate), alias, other.Reference);
                continue;
            }

            var clash = secrets.FirstOrDefault(s => s.StartsWith(alias + "_", StringComparison.Ordinal));
            if (clash is not null)
            {
                Error(nameof(Strings.AddonAliasClashesWithSecret), alias, clash);
                continue;
            }

            attachments.Add(new AddonAttachment(reference, alias, attachment.Location));
        }

        return attachments;
    }

}
