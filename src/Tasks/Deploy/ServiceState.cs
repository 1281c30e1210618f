using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SuperDeploy.Deploy.Commands;

namespace SuperDeploy.Deploy;

/// <summary>One live Swarm service, parsed from <see cref="ServiceCommands.InspectFormat"/>.</summary>
public sealed record ServiceState(
    string Name,
    int? Replicas,
    int? DeclaredReplicas,
    string? UpdateState,
    long? UpdateStartedAt,
    string Image,
    DateTimeOffset UpdatedAt,
    DateTimeOffset CreatedAt,
    string? UpdateMessage)
{
    /// <summary>The image without its `@sha256:` digest (as `--resolve-image always` pins it).</summary>
    public string ImageWithoutDigest => WithoutDigest(Image);

    /// <summary>The tag of the image reference (after the last ':' that is not part of a registry port).</summary>
    public string Tag => TagOf(Image);

    public static IReadOnlyList<ServiceState> ParseAll(string output) =>
        output.Split('\n').Where(l => l.Trim().Length > 0).Select(Parse).ToArray();

    public static ServiceState Parse(string line)
    {
        var f = line.TrimEnd('\r').Split('\t');
        string Field(int i) => i < f.Length ? f[i].Trim() : "";
        return new ServiceState(
            Field(0),
            Int(Field(1)),
            Int(Field(2)),
            Field(3).Length > 0 ? Field(3) : null,
            Long(Field(4)),
            Field(5),
            DateTimeOffset.FromUnixTimeSeconds(Long(Field(6)) ?? 0),
            DateTimeOffset.FromUnixTimeSeconds(Long(Field(7)) ?? 0),
            Field(8).Length > 0 ? string.Join("\t", f.Skip(8)).Trim() : null);
    }

    public static string WithoutDigest(string image)
    {
        var at = image.IndexOf('@');
        return at < 0 ? image : image.Substring(0, at);
    }

    public static string TagOf(string image)
    {
        var name = WithoutDigest(image);
        var colon = name.LastIndexOf(':');
        return colon > name.LastIndexOf('/') ? name.Substring(colon + 1) : "latest";
    }

    private static int? Int(string s) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static long? Long(string s) => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
}

/// <summary>One task of a service that should be running, parsed from <see cref="ServiceCommands.TasksFormat"/>.</summary>
public sealed record TaskState(string Id, string Name, string Image, string CurrentState, string Error, string Node)
{
    /// <summary>The service the task belongs to: `api_api-web.1` -> `api_api-web` (replicated), `x.&lt;nodeid&gt;` (global).</summary>
    public string Service
    {
        get
        {
            var dot = Name.LastIndexOf('.');
            return dot < 0 ? Name : Name.Substring(0, dot);
        }
    }

    public bool IsRunning => CurrentState.StartsWith("Running", StringComparison.OrdinalIgnoreCase);

    public bool HasFailed =>
        Error.Length > 0 || CurrentState.StartsWith("Failed", StringComparison.OrdinalIgnoreCase)
        || CurrentState.StartsWith("Rejected", StringComparison.OrdinalIgnoreCase);

    public static IReadOnlyList<TaskState> ParseAll(string output) =>
        output.Split('\n').Where(l => l.Trim().Length > 0).Select(Parse).ToArray();

    public static TaskState Parse(string line)
    {
        var f = line.TrimEnd('\r').Split('\t');
        string Field(int i) => i < f.Length ? f[i].Trim() : "";
        // `docker service ps` prefixes a task that replaced another with "\_ ".
        var name = Field(1).StartsWith("\\_", StringComparison.Ordinal) ? Field(1).Substring(2).Trim() : Field(1);
        return new TaskState(Field(0), name, Field(2), Field(3), Field(4).Trim('"'), Field(5));
    }
}
