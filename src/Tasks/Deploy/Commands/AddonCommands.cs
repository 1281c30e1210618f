using System.Collections.Generic;
using System.Linq;
using SuperDeploy.Model;

namespace SuperDeploy.Deploy.Commands;

/// <summary>Addon services on the target: their spec label, their healthy container, and commands run inside it.</summary>
public static class AddonCommands
{
    /// <summary>Prints the running addon's `superdeploy.addon-spec` label; fails when the service does not exist.</summary>
    public static Command SpecLabel(AddonDefinition addon) =>
        Command.Docker("service", "inspect", "--format", $"{{{{index .Spec.Labels \"{Conventions.LabelAddonSpec}\"}}}}", addon.SwarmServiceName);

    /// <summary>
    /// What a running addon is, to compare with its declaration (Deploy/AddonApply): spec label, image, memory limit
    /// (bytes), CPU limit (nano CPUs), published ports (space-separated), placement constraints (`;`-separated), tab-separated.
    /// </summary>
    public const string RunningFormat =
        "{{index .Spec.Labels \"" + Conventions.LabelAddonSpec + "\"}}\t{{.Spec.TaskTemplate.ContainerSpec.Image}}" +
        "\t{{with .Spec.TaskTemplate.Resources}}{{with .Limits}}{{.MemoryBytes}}{{end}}{{end}}" +
        "\t{{with .Spec.TaskTemplate.Resources}}{{with .Limits}}{{.NanoCPUs}}{{end}}{{end}}" +
        "\t{{with .Spec.EndpointSpec}}{{range .Ports}}{{.PublishedPort}} {{end}}{{end}}" +
        "\t{{with .Spec.TaskTemplate.Placement}}{{range .Constraints}}{{.}};{{end}}{{end}}";

    /// <summary>The running addon as <see cref="RunningFormat"/>; fails when the service does not exist.</summary>
    public static Command Running(AddonDefinition addon) =>
        Command.Docker("service", "inspect", "--format", RunningFormat, addon.SwarmServiceName);

    /// <summary>
    /// What Swarm compares to decide whether a task must be replaced: the task template and the endpoint spec (host-mode
    /// ports), as JSON on one line. Equal before and after a stack deploy: only labels changed, nothing restarts.
    /// </summary>
    public static Command TaskSpec(AddonDefinition addon) =>
        Command.Docker("service", "inspect", "--format", "{{json .Spec.TaskTemplate}} {{json .Spec.EndpointSpec}}", addon.SwarmServiceName);

    /// <summary>The addon stack, file on stdin, never resolving the image (an addon image does not change under its tag).</summary>
    public static Command Deploy(AddonDefinition addon, string stackYaml, bool detachFlag) =>
        StackCommands.Deploy(addon.StackName, stackYaml, "never", detachFlag);

    /// <summary>The id of the addon's healthy container on this node (a one-node swarm or the manager holding the volume).</summary>
    public static Command HealthyContainer(AddonDefinition addon) =>
        Command.Docker("ps", "-q", "--filter", $"label=com.docker.swarm.service.name={addon.SwarmServiceName}", "--filter", "health=healthy");

    /// <summary>
    /// `docker exec -i CONTAINER argv...` (the addon image's own tools). Sensitive when its stdin or stdout carries a
    /// credential (reading the password): logs then show only `docker exec`.
    /// </summary>
    public static Command Exec(string container, IEnumerable<string> argv, bool sensitive = false) =>
        Command.Docker(new[] { "exec", "-i", container }.Concat(argv).ToArray()) with { Sensitive = sensitive };

    /// <summary>The password of a running addon, printed from its secret file (output kept in memory only).</summary>
    public static Command ReadPassword(string container) => Exec(container, AddonTools.ReadPassword, sensitive: true);
}
