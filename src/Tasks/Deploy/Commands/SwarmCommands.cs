namespace SuperDeploy.Deploy.Commands;

/// <summary>Swarm membership of the target engine and the project's overlay network.</summary>
public static class SwarmCommands
{
    /// <summary>Prints `&lt;LocalNodeState&gt;\t&lt;ControlAvailable&gt;`, e.g. `active\ttrue`.</summary>
    public static Command Info() =>
        Command.Docker("info", "--format", "{{.Swarm.LocalNodeState}}\t{{.Swarm.ControlAvailable}}");

    /// <summary>The Docker CLI version on the target (the CLI that runs the commands, local or remote).</summary>
    public static Command ClientVersion() => Command.Docker("version", "--format", "{{.Client.Version}}");

    /// <summary>Only ever run for the local engine: a remote VM's swarm is the operator's decision.</summary>
    /// <summary>The host name of the engine the deploy talks to, as `docker service ps` names nodes.</summary>
    public static Command SelfHostname() => Command.Docker("node", "inspect", "self", "--format", "{{.Description.Hostname}}");

    public static Command Init() => Command.Docker("swarm", "init", "--advertise-addr", "127.0.0.1");

    /// <summary>Lists network names containing the given name (Docker filters by substring; callers match exactly).</summary>
    public static Command FindNetwork(string network) =>
        Command.Docker("network", "ls", "--filter", $"name={network}", "--format", "{{.Name}}");

    public static Command CreateNetwork(string project, string network) =>
        Command.Docker("network", "create", "--driver", "overlay", "--attachable",
            "--label", $"{Model.Conventions.LabelProject}={project}", network);
}
