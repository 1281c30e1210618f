using System;
using System.Collections.Generic;
using System.Linq;
using SuperDeploy.Model;
using SuperDeploy.Deploy.Commands;

namespace SuperDeploy.Deploy.Nodes;

/// <summary>A node as the swarm's manager sees it (<see cref="SwarmNodeCommands.InspectNodes"/>).</summary>
/// <param name="Role">`manager` or `worker`.</param>
/// <param name="Availability">`active`, `pause` or `drain`.</param>
/// <param name="State">`ready`, `down`, `unknown` or `disconnected`.</param>
public sealed record SwarmNode(
    string Id, string Hostname, string Role, string Availability, string State, string Address, IReadOnlyDictionary<string, string> Labels)
{
    public bool IsManager => Role == "manager";

    public bool IsReady => State == "ready";

    public bool IsDown => State == "down";

    /// <summary>Ready and taking tasks: what a role needs at deploy time.</summary>
    public bool CanRunTasks => IsReady && Availability == "active";

    /// <summary>The ssh target SuperDeployUp joined it from; null for a node SuperDeploy did not join.</summary>
    public string? Target => Labels.TryGetValue(NodeLabels.Target, out var target) && target.Length > 0 ? target : null;

    /// <summary>The roles from its `superdeploy.role.&lt;role&gt;=true` labels, sorted.</summary>
    public IReadOnlyList<string> Roles => Labels
        .Where(l => l.Key.StartsWith(NodeLabels.RolePrefix, StringComparison.Ordinal) && l.Value == NodeLabels.RoleValue)
        .Select(l => l.Key.Substring(NodeLabels.RolePrefix.Length))
        .OrderBy(r => r, StringComparer.Ordinal)
        .ToList();

    public bool HasRole(string role) => Labels.TryGetValue(NodeLabels.Role(role), out var value) && value == NodeLabels.RoleValue;

    public static IReadOnlyList<SwarmNode> ParseAll(string stdout)
    {
        var nodes = new List<SwarmNode>();
        foreach (var line in stdout.Split('\n'))
        {
            var fields = line.TrimEnd('\r').Split('\t');
            if (fields.Length < 7 || fields[0].Trim().Length == 0) continue;
            var labels = FlatJson.ParseObject(string.Join("\t", fields, 6, fields.Length - 6))
                ?? throw new FormatException("Unexpected node labels from docker node inspect: " + line);
            nodes.Add(new SwarmNode(fields[0].Trim(), fields[1], fields[2], fields[3], fields[4], fields[5], labels));
        }

        return nodes;
    }
}
