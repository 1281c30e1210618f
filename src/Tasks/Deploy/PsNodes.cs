using System;
using System.Collections.Generic;
using System.Linq;
using SuperDeploy.Deploy.Nodes;

namespace SuperDeploy.Deploy;

/// <summary>
/// The ps table's Nodes column on a multi-node swarm, from the running tasks PsTable already read (their `.Node`), so
/// it costs no extra command; formatted by <see cref="ReplicaNodes.NodesByService"/>.
/// </summary>
internal static class PsNodes
{
    public static PsTable.Row Add(PsTable.Row row, IEnumerable<TaskState> tasks)
    {
        var replicas = tasks
            .Where(t => t.Service == row.Service)
            .Select(t => new ReplicaNodes.Replica(t.Name, t.Service, null, t.Node, t.CurrentState))
            .ToList();
        var running = replicas.Where(r => r.IsRunning && r.Node.Length > 0).Select(r => r.Node).OrderBy(n => n, StringComparer.Ordinal).ToList();
        return row with
        {
            Nodes = running,
            NodesText = ReplicaNodes.NodesByService(replicas).TryGetValue(row.Service, out var text) ? text : "-",
        };
    }

    /// <summary>Nodes goes after Status: where the replicas run belongs with how many run.</summary>
    public static (string[] Header, List<string[]> Cells) AddColumn(string[] header, List<string[]> cells, IReadOnlyList<PsTable.Row> rows)
    {
        const int at = 3;
        string[] Insert(string[] values, string value) => values.Take(at).Append(value).Concat(values.Skip(at)).ToArray();
        return (Insert(header, "Nodes"), cells.Select((c, i) => Insert(c, rows[i].NodesText)).ToList());
    }
}
