using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using SuperDeploy.Deploy.Commands;

namespace SuperDeploy.Deploy.Nodes;

/// <summary>
/// For `ps` on a multi-node swarm: which node runs each replica. One command for all of an app's services:
/// `docker service ps --filter desired-state=running --format '{{.Name}}\t{{.Node}}\t{{.CurrentState}}' &lt;services&gt;`.
/// </summary>
public static class ReplicaNodes
{
    /// <param name="Name">The task name, `api_api-web.1`.</param>
    /// <param name="Node">The node's host name; empty while the task waits for a node.</param>
    /// <param name="CurrentState">`Running 5 minutes ago`, `Pending 3 seconds ago`, ...</param>
    public sealed record Replica(string Name, string Service, int? Slot, string Node, string CurrentState)
    {
        public bool IsRunning => CurrentState.StartsWith("Running", StringComparison.Ordinal);
    }

    /// <summary>For PsTable and the deploy's closing table: the replicas of the services, through the deploy's target.</summary>
    public static async Task<IReadOnlyList<Replica>> ReadAsync(Target target, IReadOnlyList<string> services) =>
        services.Count == 0 ? new List<Replica>() : Parse(await target.RunAsync(ServiceCommands.ReplicaNodes(services)).ConfigureAwait(false));

    public static IReadOnlyList<Replica> Parse(string stdout)
    {
        var replicas = new List<Replica>();
        foreach (var line in stdout.Split('\n'))
        {
            var fields = line.TrimEnd('\r').Split('\t');
            if (fields.Length < 3 || fields[0].Trim().Length == 0) continue;
            var name = fields[0].Trim();
            // Replicated tasks are `<service>.<slot>`; global ones `<service>.<node id>`.
            var dot = name.LastIndexOf('.');
            int? slot = null;
            var service = name;
            if (dot > 0)
            {
                service = name.Substring(0, dot);
                if (int.TryParse(name.Substring(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number)) slot = number;
            }

            replicas.Add(new Replica(name, service, slot, fields[1].Trim(), fields[2].Trim()));
        }

        return replicas
            .OrderBy(r => r.Service, StringComparer.Ordinal)
            .ThenBy(r => r.Slot ?? int.MaxValue)
            .ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Per service, the nodes its running replicas are on, e.g. `vm2, vm3` or `vm3 (2)`: a `Nodes` column for the ps table.</summary>
    public static IReadOnlyDictionary<string, string> NodesByService(IEnumerable<Replica> replicas) =>
        replicas
            .Where(r => r.IsRunning && r.Node.Length > 0)
            .GroupBy(r => r.Service, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => string.Join(", ", g.GroupBy(r => r.Node, StringComparer.Ordinal)
                    .OrderBy(n => n.Key, StringComparer.Ordinal)
                    .Select(n => n.Count() == 1 ? n.Key : $"{n.Key} ({n.Count().ToString(CultureInfo.InvariantCulture)})")),
                StringComparer.Ordinal);

    /// <summary>One line per replica: task, node (`-` while unplaced), state.</summary>
    public static string Format(IReadOnlyList<Replica> replicas)
    {
        var header = new[] { "Replica", "Node", "State" };
        var rows = replicas.Select(r => new[] { r.Name, r.Node.Length == 0 ? "-" : r.Node, r.CurrentState }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Select(c => c[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        var text = new StringBuilder();
        string Line(string[] cells) => string.Join("  ", cells.Select((v, i) => i == cells.Length - 1 ? v : v.PadRight(widths[i])));
        text.Append(Line(header)).Append('\n');
        foreach (var row in rows) text.Append(Line(row)).Append('\n');
        return text.ToString();
    }
}
