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
