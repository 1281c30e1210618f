using System;
using System.Globalization;

namespace SuperDeploy.Generators;

/// <summary>Renders the model's numbers back the way users write them (and Docker reads them).</summary>
internal static class ResourceFormat
{
    private const long Kibi = 1024;

    /// <summary>Bytes as the largest binary unit that divides them exactly: 536870912 -> 512M, 2147483648 -> 2G (Docker's units are binary).</summary>
    public static string Memory(long bytes)
    {
        if (bytes <= 0) return bytes.ToString(CultureInfo.InvariantCulture);
        foreach (var (unit, size) in new[] { ("T", Kibi * Kibi * Kibi * Kibi), ("G", Kibi * Kibi * Kibi), ("M", Kibi * Kibi), ("K", Kibi) })
            if (bytes % size == 0) return (bytes / size).ToString(CultureInfo.InvariantCulture) + unit;
        return bytes.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>CPUs with a decimal point (1.0, 0.5, 0.25), invariant culture, shortest round-trip digits.</summary>
    public static string Cpu(double cpus)
    {
        var text = cpus.ToString("R", CultureInfo.InvariantCulture);
        return text.IndexOf('.') >= 0 || text.IndexOf('E') >= 0 ? text : text + ".0";
    }

    /// <summary>A Go duration as Compose reads it: 5s, 1m30s, 250ms.</summary>
    public static string Duration(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(duration), duration, "A duration cannot be negative.");
        var milliseconds = (long)duration.TotalMilliseconds;
        if (milliseconds == 0) return "0s";
        if (milliseconds % 1000 != 0) return milliseconds.ToString(CultureInfo.InvariantCulture) + "ms";
        var seconds = milliseconds / 1000;
        var text = string.Empty;
        if (seconds >= 3600) text += (seconds / 3600).ToString(CultureInfo.InvariantCulture) + "h";
        if (seconds % 3600 >= 60) text += (seconds % 3600 / 60).ToString(CultureInfo.InvariantCulture) + "m";
        if (seconds % 60 != 0) text += (seconds % 60).ToString(CultureInfo.InvariantCulture) + "s";
        return text;
    }
}
