using System;
using System.Globalization;

namespace SuperDeploy.Deploy;

/// <summary>How long a deploy lock has been held, from its `since` label (UTC, `yyyy-MM-ddTHH:mm:ssZ`).</summary>
public static class LockAge
{
    /// <returns>Null when the label is missing or not a time (then the lock's age is unknown and it is never called stale).</returns>
    public static TimeSpan? Of(string since, DateTimeOffset now)
    {
        if (!DateTimeOffset.TryParseExact(since.Trim(), "yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            return null;
        var age = now - at;
        return age < TimeSpan.Zero ? TimeSpan.Zero : age;
    }

    /// <summary>`45 s`, `12 min 5 s`, `3 h 20 min`, `2 d 4 h`.</summary>
    public static string Format(TimeSpan age)
    {
        string N(double v) => ((long)v).ToString(CultureInfo.InvariantCulture);
        if (age.TotalMinutes < 1) return $"{N(age.TotalSeconds)} s";
        if (age.TotalHours < 1) return $"{N(age.TotalMinutes)} min {age.Seconds} s";
        if (age.TotalDays < 1) return $"{N(age.TotalHours)} h {age.Minutes} min";
        return $"{N(age.TotalDays)} d {age.Hours} h";
    }
}
