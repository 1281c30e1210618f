using System;
using System.Collections.Generic;

namespace SuperDeploy.Model;

/// <summary>What each addon type is: its official image and default version, port, user, database and data directory.</summary>
public static class AddonTypes
{
    public static readonly IReadOnlyList<AddonType> All = new[] { AddonType.Postgres, AddonType.Redis, AddonType.Rabbitmq };

    public static string Name(AddonType type) => type.ToString().ToLowerInvariant();

    /// <summary>`postgres`, `redis` or `rabbitmq`, any case.</summary>
    public static bool TryParse(string value, out AddonType type)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(Name(candidate), value, StringComparison.OrdinalIgnoreCase))
            {
                type = candidate;
                return true;
            }
        }

        type = default;
        return false;
    }

    public static string DefaultVersion(AddonType type) => type switch
    {
        AddonType.Postgres => "16",
        AddonType.Redis => "7",
        _ => "3",
    };

    /// <summary>The official Docker Hub image for a version (the management plugin is not included: reach it through a tunnel if you add it).</summary>
    public static string DefaultImage(AddonType type, string version) => $"{Name(type)}:{version}";

    public static int Port(AddonType type) => type switch
    {
        AddonType.Postgres => 5432,
        AddonType.Redis => 6379,
        _ => 5672,
    };

    /// <summary>The user apps connect as; `default` is Redis's ACL user that a bare `AUTH password` logs in as.</summary>
    public static string User(AddonType type) => type == AddonType.Redis ? "default" : "app";

    /// <summary>The Postgres database, or the RabbitMQ virtual host (its default, `/`); Redis has neither.</summary>
    public static string? Database(AddonType type) => type switch
    {
        AddonType.Postgres => "app",
        AddonType.Rabbitmq => "/",
        _ => null,
    };

    /// <summary>The memory limit when the addon declares none: a database without one can take the whole VM down with it.</summary>
    public static long DefaultMemoryBytes(AddonType type) => type switch
    {
        AddonType.Redis => 512L * 1024 * 1024,
        _ => 1024L * 1024 * 1024,
    };

    /// <summary>
    /// Where the named volume is mounted. Postgres 18 images moved their volume from /var/lib/postgresql/data to
    /// /var/lib/postgresql (PGDATA /var/lib/postgresql/18/docker); mounting the old path there would be refused, and
    /// mounting the new one on an older image would leave the data in an anonymous volume.
    /// </summary>
    public static string DataDirectory(AddonType type, string version) => type switch
    {
        AddonType.Postgres => PostgresMajor(version) is >= 18 ? "/var/lib/postgresql" : "/var/lib/postgresql/data",
        AddonType.Redis => "/data",
        _ => "/var/lib/rabbitmq",
    };

    /// <summary>The leading number of a Postgres version (`16`, `16.4`, `16-alpine` give 16), or null.</summary>
    public static int? PostgresMajor(string version)
    {
        var digits = 0;
        while (digits < version.Length && version[digits] >= '0' && version[digits] <= '9') digits++;
        if (digits == 0 || digits > 4) return null;
        var major = int.Parse(version.Substring(0, digits), System.Globalization.CultureInfo.InvariantCulture);
        return digits < version.Length && version[digits] != '.' && version[digits] != '-' ? null : major;
    }
}
