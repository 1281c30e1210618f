using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SuperDeploy.Deploy.Execution;
using SuperDeploy.Model;

namespace SuperDeploy.Deploy.Commands;

/// <summary>
/// The addon tunnel (SuperDeployTunnel): a relay container on the project network running the agent's `forward`, its
/// port published on the target's loopback only, and on a remote target an `ssh -N -L` from the laptop to that port.
/// </summary>
public static class TunnelCommands
{
    /// <summary>`&lt;project&gt;-tunnel-&lt;addon key&gt;`: one relay per addon, so a relay left by a killed run is found and replaced.</summary>
    public static string RelayName(AddonDefinition addon) => $"{addon.Project}-tunnel-{addon.ServiceKey}";

    /// <summary>The project's app services (addons and the edge have no app label), one name per line: every app image has the agent.</summary>
    public static Command AppServices(string project) =>
        Command.Docker("service", "ls", "--filter", $"label={Conventions.LabelProject}={project}", "--filter", $"label={Conventions.LabelApp}",
            "--format", "{{.Name}}");

    /// <summary>The image a service runs, with the digest Swarm pinned (present on the node that runs it).</summary>
    public static Command ServiceImage(string service) =>
        Command.Docker("service", "inspect", "--format", "{{.Spec.TaskTemplate.ContainerSpec.Image}}", service);

    /// <summary>
    /// The relay: the agent's `forward` from an app image, on the project network, published on 127.0.0.1 only: at
    /// <paramref name="hostPort"/> (a local target: the laptop is the host), or an ephemeral port when null (read back with
    /// <see cref="RelayPort"/>, reached through ssh). `--rm`: stopping it removes it.
    /// </summary>
    public static Command StartRelay(AddonDefinition addon, string image, int? hostPort)
    {
        var port = addon.Port.ToString(CultureInfo.InvariantCulture);
        var publish = hostPort is int p ? $"127.0.0.1:{p.ToString(CultureInfo.InvariantCulture)}:{port}" : $"127.0.0.1::{port}";
        return Command.Docker("run", "--detach", "--rm", "--name", RelayName(addon), "--network", $"{addon.Project}-net",
            "--label", $"{Conventions.LabelProject}={addon.Project}", "--label", $"{Conventions.LabelAddon}={addon.Name}",
            "--label", $"{Conventions.LabelKind}=tunnel", "--publish", publish, "--entrypoint", "dotnet", image,
            Conventions.AgentDll, "forward", port, $"{addon.Host}:{port}");
    }

    /// <summary>`127.0.0.1:49153`: where the relay's port is published on the target.</summary>
    public static Command RelayPort(AddonDefinition addon) =>
        Command.Docker("port", RelayName(addon), addon.Port.ToString(CultureInfo.InvariantCulture) + "/tcp");

    /// <summary>The relay's output: `superdeploy-forward: listening on port ...` once it accepts.</summary>
    public static Command RelayLogs(AddonDefinition addon) => Command.Docker("logs", RelayName(addon));

    /// <summary>Stops and removes the relay and any anonymous volume its image declares (fails harmlessly when there is none).</summary>
    public static Command RemoveRelay(AddonDefinition addon) => Command.Docker("rm", "--force", "--volumes", RelayName(addon));

    /// <summary>
    /// The laptop's end, run locally: `ssh -N -L 127.0.0.1:LOCAL:127.0.0.1:RELAY` with the deploy's own options
    /// (port, identity, known hosts, strict host-key checking). A connection of its own, never a shared master
    /// (a forward set up in a master would outlive this ssh); a taken local port fails at once; a dead link ends it.
    /// </summary>
    public static IReadOnlyList<string> SshForward(SshTarget target, int localPort, int relayPort, string ssh = "ssh")
    {
        var destination = target.SshArguments();
        return new[]
            {
                ssh, "-N", "-o", "ExitOnForwardFailure=yes", "-o", "ControlMaster=no", "-o", "ControlPath=none",
                "-o", "ServerAliveInterval=15", "-o", "ServerAliveCountMax=3",
                "-L", $"127.0.0.1:{localPort.ToString(CultureInfo.InvariantCulture)}:127.0.0.1:{relayPort.ToString(CultureInfo.InvariantCulture)}",
            }
            // SshArguments ends with `destination --` for a remote command; -N runs none.
            .Concat(destination.Take(destination.Count - 1)).ToArray();
    }
}
