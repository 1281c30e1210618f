using System;
using System.Collections.Generic;
using System.Linq;

namespace SuperDeploy.Validation;

/// <summary>The metadata a SuperDeployProcess item understands, and the metadata MSBuild adds on its own.</summary>
public static class MetadataNames
{
    public const string Command = "Command";
    public const string Port = "Port";
    public const string Replicas = "Replicas";
    public const string RunOn = "RunOn";
    public const string Schedule = "Schedule";
    public const string HealthPath = "HealthPath";
    public const string Memory = "Memory";
    public const string Cpu = "Cpu";
    public const string DependsOn = "DependsOn";
    public const string Vm = "Vm";
    public const string HealthInterval = "HealthInterval";
    public const string HealthTimeout = "HealthTimeout";
    public const string HealthRetries = "HealthRetries";
    public const string HealthStartPeriod = "HealthStartPeriod";
    public const string MemoryReservation = "MemoryReservation";
    public const string CpuReservation = "CpuReservation";

    public static readonly IReadOnlyList<string> Known =
        new[] { Command, Port, Replicas, RunOn, Schedule, HealthPath, Memory, Cpu, DependsOn, Vm, HealthInterval, HealthTimeout, HealthRetries, HealthStartPeriod, MemoryReservation, CpuReservation };

    private static readonly HashSet<string> MSBuildOwn = new(StringComparer.OrdinalIgnoreCase)
    {
        "Visible", "Link", "OriginalItemSpec",
        "DefiningProjectFullPath", "DefiningProjectDirectory", "DefiningProjectName", "DefiningProjectExtension",
    };

    /// <summary>MSBuild metadata names are case-insensitive, so `port` is `Port`.</summary>
    public static bool IsKnown(string name) => Known.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Metadata MSBuild or the IDE attach to items; never the user's intent, never reported.</summary>
    public static bool IsIgnored(string name) => name.StartsWith("_", StringComparison.Ordinal) || MSBuildOwn.Contains(name);

    /// <summary>The known name closest to a (probably misspelt) one, when at most two edits away.</summary>
    public static string? Suggest(string name) =>
        Known.Select(known => (Name: known, Distance: EditDistance(name.ToLowerInvariant(), known.ToLowerInvariant())))
            .Where(candidate => candidate.Distance <= 2)
            .OrderBy(candidate => candidate.Distance)
            .Select(candidate => candidate.Name)
            .FirstOrDefault();

    /// <summary>Levenshtein distance: insertions, deletions and substitutions.</summary>
    internal static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
