using System;
using System.Collections.Generic;
using System.Linq;
using SuperDeploy.Model;
using SuperDeploy.Resources;
using SuperDeploy.Validation;

namespace SuperDeploy.Sources;

/// <summary>
/// Combines the processes of the three sources. A process lives in one source; the one exception is an item
/// without Command, which adds metadata (Port, Replicas, HealthPath, ...) to the Procfile or config.yml process of
/// the same name: a Procfile has no ports, so that is how its web process gets one.
/// </summary>
public static class InputMerger
{
    public static MergeResult Merge(
        IReadOnlyList<ProcessInput> itemProcesses,
        IReadOnlyList<ProcessInput> procfileProcesses,
        IReadOnlyList<ProcessInput> configProcesses)
    {
        var diagnostics = new List<Diagnostic>();
        var merged = new List<ProcessInput>();
        var fromFiles = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);

        foreach (var process in configProcesses.Concat(procfileProcesses))
        {
            if (fromFiles.TryGetValue(process.Name, out var index))
            {
                diagnostics.Error(process.Location, nameof(Strings.ProcessDeclaredTwice), process.Name,
                    SourceText.Describe(merged[index].Location), SourceText.Describe(process.Location));
                continue;
            }

            fromFiles.Add(process.Name, merged.Count);
            merged.Add(process);
        }

        foreach (var item in itemProcesses)
        {
            if (!fromFiles.TryGetValue(item.Name.Trim(), out var index))
            {
                merged.Add(item);
                continue;
            }

            var declared = merged[index];
            if (item.Get(MetadataNames.Command) is { } command)
            {
                diagnostics.Error(item.Location, nameof(Strings.ItemRedeclaresProcess), declared.Name, Messages.FileName(item.Location), command,
                    SourceText.Describe(declared.Location), Messages.FileName(declared.Location));
                continue;
            }

            merged[index] = Enrich(declared, item, diagnostics);
        }

        return new MergeResult(merged, diagnostics);
    }

    /// <summary>
    /// The project's properties with config.yml's filling the gaps: a property the project sets (non-blank) wins.
    /// </summary>
    public static IReadOnlyDictionary<string, string> MergeProperties(
        IReadOnlyDictionary<string, string> projectProperties,
        IReadOnlyDictionary<string, string> configProperties)
    {
        var merged = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in projectProperties) merged[pair.Key] = pair.Value;
        foreach (var pair in configProperties)
        {
            if (!merged.TryGetValue(pair.Key, out var own) || string.IsNullOrWhiteSpace(own)) merged[pair.Key] = pair.Value;
        }

        return merged;
    }

    /// <summary>The declared process with the item's metadata added; a value both set differently is a conflict.</summary>
    private static ProcessInput Enrich(ProcessInput declared, ProcessInput item, List<Diagnostic> diagnostics)
    {
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in declared.Metadata) metadata[pair.Key] = pair.Value;

        foreach (var pair in item.Metadata)
        {
            var name = pair.Key.Trim();
            var value = pair.Value?.Trim() ?? string.Empty;
            if (value.Length == 0 || MetadataNames.IsIgnored(name)) continue;

            if (metadata.TryGetValue(name, out var raw) && raw?.Trim() is { Length: > 0 } existing && existing != value)
            {
                diagnostics.Error(item.Location, nameof(Strings.ProcessMetadataConflict), declared.Name, Messages.FileName(item.Location), name, value,
                    SourceText.Describe(declared.Location), existing);
                continue;
            }

            metadata[name] = value;
        }

        return declared with { Metadata = metadata };
    }
}
