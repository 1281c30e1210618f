namespace SuperDeploy.Deploy.Commands;

/// <summary>
/// The deploy lock: a Swarm config named after the app. Creating a config whose name exists fails atomically on the
/// managers (Raft), so this works for the local engine, over SSH and on a multi-node swarm alike.
/// </summary>
public static class LockCommands
{
    public static string Name(string app) => $"superdeploy-lock-{app}";

    public static Command Acquire(string app, string holder, string sinceUtc) =>
        Command.Docker("config", "create",
            "--label", $"{DeployLabels.LockHolder}={holder}",
            "--label", $"{DeployLabels.LockSince}={sinceUtc}",
            Name(app), "-")
        .WithStdin($"{holder}\n{sinceUtc}\n");

    /// <summary>Prints `holder\tsince`; fails when there is no lock.</summary>
    public static Command Inspect(string app) =>
        Command.Docker("config", "inspect", "--format",
            $"{{{{index .Spec.Labels \"{DeployLabels.LockHolder}\"}}}}\t{{{{index .Spec.Labels \"{DeployLabels.LockSince}\"}}}}",
            Name(app));

    public static Command Release(string app) => Command.Docker("config", "rm", Name(app));
}
