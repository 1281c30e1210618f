using System;
using System.Text.RegularExpressions;

namespace SuperDeploy.Validation;

/// <summary>Name rules that Docker Swarm, overlay-network DNS and Caddy impose on the names SuperDeploy derives.</summary>
public static class DnsNames
{
    /// <summary>Docker service, network and DNS names are limited to one DNS label.</summary>
    public const int MaxLabelLength = 63;

    public const int MaxHostNameLength = 253;

    private static readonly Regex Label = new("^[a-z0-9]([a-z0-9-]*[a-z0-9])?\\z", RegexOptions.CultureInvariant);

    /// <summary>A lower-case DNS label: letters, digits and '-', not at either end, at most 63 characters.</summary>
    public static bool IsLabel(string value) => value.Length <= MaxLabelLength && Label.IsMatch(value);

    /// <summary>
    /// A host name Caddy can serve: dot-separated labels, an optional `*.` wildcard prefix, and either a dot
    /// (a real domain) or the `localhost` suffix. Expects lower case; rejects schemes, paths and ports.
    /// </summary>
    public static bool IsHostName(string value)
    {
        if (value.Length > MaxHostNameLength) return false;
        var host = value.StartsWith("*.", StringComparison.Ordinal) ? value.Substring(2) : value;
        var labels = host.Split('.');
        foreach (var label in labels)
        {
            if (!IsLabel(label)) return false;
        }

        return labels.Length > 1 || host == "localhost";
    }
}
