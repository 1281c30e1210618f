using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SuperDeploy.Validation;

/// <summary>Parses the resource quantities a process may declare, with Docker's binary units.</summary>
public static class Quantities
{
    /// <summary>Docker refuses a memory limit below 6 MiB.</summary>
    public const long MinimumMemoryBytes = 6L * 1024 * 1024;

    public const decimal MaximumCpu = 512m;

    private static readonly Regex Memory = new(
        "^(?<number>[0-9]+(\\.[0-9]+)?)(?<unit>b|k|kb|m|mb|g|gb|ki|mi|gi)?\\z",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    private static readonly Regex DecimalNumber = new("^[0-9]+(\\.[0-9]+)?\\z", RegexOptions.CultureInvariant);

    /// <summary>`512m`, `1.5g` or `256Mi` sizes (K = 1024; a plain number is bytes), rounded down to whole bytes.</summary>
    public static bool TryParseMemory(string value, out long bytes)
    {
        bytes = 0;
        var match = Memory.Match(value);
        if (!match.Success || !TryParseDecimal(match.Groups["number"].Value, out var number)) return false;

        decimal multiplier = match.Groups["unit"].Value.ToLowerInvariant() switch
        {
            "k" or "kb" or "ki" => 1024m,
            "m" or "mb" or "mi" => 1024m * 1024,
            "g" or "gb" or "gi" => 1024m * 1024 * 1024,
            _ => 1m,
        };

        if (number > long.MaxValue / multiplier) return false;
        bytes = (long)decimal.Floor(number * multiplier);
        return true;
    }

    /// <summary>A number of CPUs: a positive decimal with a '.' separator, at most 512.</summary>
    public static bool TryParseCpu(string value, out double cpus)
    {
        cpus = 0;
        if (!DecimalNumber.IsMatch(value) || !TryParseDecimal(value, out var number) || number <= 0 || number > MaximumCpu) return false;
        cpus = (double)number;
        return true;
    }

    /// <summary>A whole number written as plain digits (no sign, no separators), within int's range.</summary>
    /// <summary>A positive duration: a whole number with `ms`, `s`, `m` or `h` (`500ms`, `5s`, `2m`), at most a day.</summary>
    public static bool TryParseDuration(string value, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var text = value.Trim().ToLowerInvariant();
        var unit = text.EndsWith("ms", StringComparison.Ordinal) ? "ms" : text.Length > 0 ? text.Substring(text.Length - 1) : "";
        if (!TryParseWholeNumber(text.Substring(0, text.Length - unit.Length), out var amount) || amount <= 0) return false;
        duration = unit switch
        {
            "ms" => TimeSpan.FromMilliseconds(amount),
            "s" => TimeSpan.FromSeconds(amount),
            "m" => TimeSpan.FromMinutes(amount),
            "h" => TimeSpan.FromHours(amount),
            _ => TimeSpan.Zero,
        };
        return duration > TimeSpan.Zero && duration <= TimeSpan.FromDays(1);
    }

    /// <summary>The most replicas one process may have, in the project file and in a scale alike.</summary>
    public const int MaxReplicas = 1000;

    /// <summary>The one replicas rule: a whole number from 0 to <see cref="MaxReplicas"/>.</summary>
    public static bool TryParseReplicas(string value, out int replicas) =>
        TryParseWholeNumber(value, out replicas) && replicas <= MaxReplicas;

    public static bool TryParseWholeNumber(string value, out int number)
    {
        number = 0;
        foreach (var c in value)
        {
            if (c < '0' || c > '9') return false;
        }

        return value.Length > 0 && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }

    private static bool TryParseDecimal(string value, out decimal number) =>
        decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out number);
}
