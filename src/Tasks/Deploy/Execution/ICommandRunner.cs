using System;
using System.Threading;
using System.Threading.Tasks;
using SuperDeploy.Deploy.Commands;

namespace SuperDeploy.Deploy.Execution;

/// <summary>Runs commands on the deployment target: the local engine, or a VM over SSH.</summary>
public interface ICommandRunner
{
    /// <summary>True for the local Docker engine (the only one SuperDeploy may `docker swarm init`).</summary>
    bool IsLocal { get; }

    /// <summary>Names the target in messages: `the local Docker engine` or `root@vm:2222`.</summary>
    string TargetDisplay { get; }

    /// <summary>Runs the command; each output line (stdout and stderr) also goes to <paramref name="onLine"/> as it arrives.</summary>
    /// <exception cref="DeployException">The command could not run at all (no docker, SSH refused or host key problem).</exception>
    Task<CommandResult> RunAsync(Command command, Action<string>? onLine, CancellationToken cancellationToken);
}
