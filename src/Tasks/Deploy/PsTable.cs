using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using SuperDeploy.Deploy.Commands;

namespace SuperDeploy.Deploy;

/// <summary>The live state of an app's processes, read from the engine (never from configuration).</summary>
public sealed class PsTable
{
    private readonly Target _target;

    public PsTable(Target target) => _target = target;

    public sealed record Row(string Process, string Service, int Running, int Desired, string Status, string ImageTag, TimeSpan Age)
    {
        public string Replicas => $"{Running}/{Desired}";

        /// <summary>On a multi-node swarm: the node of each running replica (sorted); null when not asked for (one VM).</summary>
        public IReadOnlyList<string>? Nodes { get; init; }

        /// <summary>The Nodes column: `vm2, vm3`, `vm3 (2)`, `-` when no replica runs.</summary>
        public string NodesText { get; init; } = "-";
    }

    /// <param name="withNodes">Also tell which node runs each replica (the table's Nodes column): multi-node projects.</param>
    public async Task<IReadOnlyList<Row>> ReadAsync(string app, bool withNodes = false)
    {
        var names = (await _target.RunAsync(ServiceCommands.List(app)).ConfigureAwait(false))
            .Split('\n').Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();
        if (names.Length == 0) return Array.Empty<Row>();

        var states = ServiceState.ParseAll(await _target.RunAsync(ServiceCommands.Inspect(names)).ConfigureAwait(false));
        var tasks = TaskState.ParseAll(await _target.RunAsync(ServiceCommands.RunningTasks(names)).ConfigureAwait(false));
        var now = _target.Clock.UtcNow;
        return states
            .Select(s =>
            {
                var running = tasks.Count(t => t.Service == s.Name && t.IsRunning);
                var desired = s.Replicas ?? 0;
                var row = new Row(ProcessName(app, s.Name), s.Name, running, desired, Status(s, running, desired), s.Tag,
                    now - s.UpdatedAt);
                return withNodes ? PsNodes.Add(row, tasks) : row;
            })
            .OrderBy(r => r.Process, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>`api_api-web` -> `api:web`.</summary>
    public static string ProcessName(string app, string service)
    {
        var prefix = $"{app}_{app}-";
        return service.StartsWith(prefix, StringComparison.Ordinal) ? $"{app}:{service.Substring(prefix.Length)}" : service;
    }

    public static string Status(ServiceState state, int running, int desired) => state.UpdateState switch
    {
        "updating" => "updating",
        "rollback_started" => "rolling back",
        "rollback_completed" => running == desired ? "rolled back" : "rolled back, degraded",
        "paused" or "rollback_paused" => "update paused",
        _ when desired == 0 => "stopped",
        _ when running == desired => "running",
        _ when running == 0 => "starting",
        _ => "degraded",
    };

    /// <summary>The seed's table: Process, Replicas, Status, plus Image tag and Age (and Nodes when they were read).</summary>
    public static string Format(IReadOnlyList<Row> rows)
    {
        var header = new[] { "Process", "Replicas", "Status", "Image tag", "Age" };
        var cells = rows.Select(r => new[] { r.Process, r.Replicas, r.Status, r.ImageTag, Age(r.Age) }).ToList();
        if (rows.Any(r => r.Nodes is not null)) (header, cells) = PsNodes.AddColumn(header, cells, rows);
        var widths = header.Select((h, i) => Math.Max(h.Length, cells.Select(c => c[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        var text = new StringBuilder();
        string Line(string[] c) => string.Join("  ", c.Select((v, i) => i == c.Length - 1 ? v : v.PadRight(widths[i])));
        text.Append(Line(header)).Append('\n');
        text.Append(new string('─', widths.Sum() + 2 * (widths.Length - 1))).Append('\n');
        foreach (var c in cells) text.Append(Line(c)).Append('\n');
        return text.ToString();
    }

    /// <summary>A JSON array for scripts (`-p:SuperDeployPsFormat=json`).</summary>
    public static string FormatJson(IReadOnlyList<Row> rows)
    {
        var text = new StringBuilder("[");
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            text.Append(i == 0 ? "\n" : ",\n");
            text.Append("  {")
                .Append("\"process\": ").Append(Json(r.Process))
                .Append(", \"service\": ").Append(Json(r.Service))
                .Append(", \"running\": ").Append(r.Running.ToString(CultureInfo.InvariantCulture))
                .Append(", \"desired\": ").Append(r.Desired.ToString(CultureInfo.InvariantCulture))
                .Append(", \"status\": ").Append(Json(r.Status))
                .Append(", \"imageTag\": ").Append(Json(r.ImageTag))
                .Append(", \"ageSeconds\": ").Append(((long)Math.Max(0, r.Age.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
            if (r.Nodes is { } nodes) text.Append(", \"nodes\": [").Append(string.Join(", ", nodes.Select(Json))).Append(']');
            text.Append('}');
        }
        return text.Append(rows.Count == 0 ? "]" : "\n]").ToString();
    }

    public static string Age(TimeSpan age)
    {
        if (age < TimeSpan.Zero) age = TimeSpan.Zero;
        if (age.TotalMinutes < 1) return $"{(int)age.TotalSeconds}s";
        if (age.TotalHours < 1) return $"{(int)age.TotalMinutes}m";
        if (age.TotalDays < 1) return $"{(int)age.TotalHours}h";
        return $"{(int)age.TotalDays}d";
    }

    private static string Json(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (c < ' ') text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else text.Append(c);
                    break;
            }
        }
        return text.Append('"').ToString();
    }
}
