using System.Collections.Generic;
using System.Linq;

namespace SuperDeploy.Deploy.Commands;

/// <summary>Reading and changing the live services of a stack. Output formats are tab-separated Go templates, parsed by ServiceState.</summary>
public static class ServiceCommands
{
    /// <summary>Names of the stack's services, one per line.</summary>
    public static Command List(string stack) =>
        Command.Docker("service", "ls", "--filter", $"label={DeployLabels.StackNamespace}={stack}", "--format", "{{.Name}}");

    /// <summary>
    /// One line per service: name, desired replicas (empty unless replicated), declared-replicas label, update state,
    /// update start (unix seconds), image, last change (unix seconds), creation (unix seconds), update message.
    /// </summary>
    public const string InspectFormat =
        "{{.Spec.Name}}\t{{with .Spec.Mode.Replicated}}{{.Replicas}}{{end}}\t{{index .Spec.Labels \"" + DeployLabels.DeclaredReplicas + "\"}}" +
        "\t{{with .UpdateStatus}}{{.State}}{{end}}\t{{with .UpdateStatus}}{{with .StartedAt}}{{.Unix}}{{end}}{{end}}" +
        "\t{{.Spec.TaskTemplate.ContainerSpec.Image}}\t{{.UpdatedAt.Unix}}\t{{.CreatedAt.Unix}}" +
        "\t{{with .UpdateStatus}}{{.Message}}{{end}}";

    public static Command Inspect(IEnumerable<string> services) =>
        Command.Docker(new[] { "service", "inspect", "--format", InspectFormat }.Concat(services).ToArray());

    /// <summary>One line per task that should be running: id, task name, image, current state, error, node.</summary>
    public const string TasksFormat = "{{.ID}}\t{{.Name}}\t{{.Image}}\t{{.CurrentState}}\t{{.Error}}\t{{.Node}}";

    public static Command RunningTasks(IEnumerable<string> services) =>
        Command.Docker(new[] { "service", "ps", "--no-trunc", "--filter", "desired-state=running", "--format", TasksFormat }
            .Concat(services).ToArray());

    /// <summary>All recent tasks of one service, failed ones included (for diagnostics).</summary>
    public static Command AllTasks(string service) =>
        Command.Docker("service", "ps", "--no-trunc", "--format", TasksFormat, service);

    /// <summary>One line per running replica: task name, node, current state.</summary>
    public static Command ReplicaNodes(IEnumerable<string> services) =>
        Command.Docker(new[] { "service", "ps", "--filter", "desired-state=running", "--format", "{{.Name}}\t{{.Node}}\t{{.CurrentState}}" }
            .Concat(services).ToArray());

    /// <summary>The value of one label of a service's spec (empty when absent).</summary>
    public static Command Label(string service, string label) =>
        Command.Docker("service", "inspect", "--format", $"{{{{index .Spec.Labels \"{label}\"}}}}", service);

    /// <summary>Back to the service's previous spec, without waiting (the caller polls).</summary>
    public static Command Rollback(string service) => Command.Docker("service", "rollback", "--detach", "--quiet", service);

    public static Command Scale(IEnumerable<KeyValuePair<string, int>> replicas) =>
        Command.Docker(new[] { "service", "scale", "--detach=true" }.Concat(replicas.Select(r => $"{r.Key}={r.Value}")).ToArray());

    public static Command Logs(string serviceOrTask, int? tail, bool follow, bool raw = false)
    {
        var args = new List<string> { "service", "logs" };
        if (raw) args.Add("--raw");
        if (tail is int lines) { args.Add("--tail"); args.Add(lines.ToString(System.Globalization.CultureInfo.InvariantCulture)); }
        if (follow) args.Add("--follow");
        args.Add(serviceOrTask);
        return Command.Docker(args.ToArray());
    }

    /// <summary>The container a task ran in (empty until it has one).</summary>
    public static Command TaskContainer(string taskId) =>
        Command.Docker("inspect", "--type", "task", "--format", "{{with .Status.ContainerStatus}}{{.ContainerID}}{{end}}", taskId);

    /// <summary>The health probe's recent output lines of a container (on the node the commands run on).</summary>
    public static Command ContainerHealth(string containerId) =>
        Command.Docker("inspect", "--type", "container", "--format",
            "{{if .State.Health}}{{range .State.Health.Log}}{{.Output}}\n{{end}}{{end}}", containerId);

    public static Command Remove(string service) => Command.Docker("service", "rm", service);
}
