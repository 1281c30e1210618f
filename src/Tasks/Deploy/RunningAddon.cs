using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SuperDeploy.Deploy.Commands;

namespace SuperDeploy.Deploy;

/// <summary>
/// A running addon service as <see cref="AddonCommands.RunningFormat"/> prints it: what the deploy compares with the
/// project's declaration (spec label), and the settings a changed declaration usually touches, to show old against new.
/// </summary>
/// <param name="MemoryBytes">The memory limit, or null without one.</param>
/// <param name="NanoCpus">The CPU limit in billionths of a CPU, or null without one.</param>
public sealed record RunningAddon(
    string SpecHash,
    string Image,
    long? MemoryBytes,
    long? NanoCpus,
    IReadOnlyList<int> PublishedPorts,
    IReadOnlyList<string> Constraints)
{
    public static RunningAddon Parse(string output)
    {
        var line = output.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => l.Trim().Length > 0) ?? "";
        var f = line.Split('\t');
        string Field(int i) => i < f.Length ? f[i].Trim() : "";
        return new RunningAddon(
            Field(0),
            Field(1),
            Positive(Field(2)),
            Positive(Field(3)),
            Field(4).Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries)
                .Select(p => int.Parse(p, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray(),
            Field(5).Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries).Select(c => c.Trim()).ToArray());
    }

    private static long? Positive(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null;
}
