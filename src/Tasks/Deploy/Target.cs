using System;
using System.Threading;
using System.Threading.Tasks;
using SuperDeploy.Deploy.Commands;
using SuperDeploy.Deploy.Execution;
using SuperDeploy.Resources;

namespace SuperDeploy.Deploy;

/// <summary>The deployment target as the deploy steps see it: a runner plus output, clock and cancellation.</summary>
public sealed class Target
{
    public Target(ICommandRunner runner, IDeployOutput output, IDeployClock clock, CancellationToken cancellationToken)
    {
        Runner = runner;
        Output = output;
        Clock = clock;
        CancellationToken = cancellationToken;
    }

    public ICommandRunner Runner { get; }
    public IDeployOutput Output { get; }
    public IDeployClock Clock { get; }
    public CancellationToken CancellationToken { get; }

    /// <summary>Runs a command whose failure the caller handles.</summary>
    public Task<CommandResult> TryAsync(Command command, Action<string>? onLine = null) => TryAsync(command, onLine, CancellationToken);

    public Task<CommandResult> TryAsync(Command command, Action<string>? onLine, CancellationToken cancellationToken)
    {
        Output.Detail("  $ " + command.Display);
        return Runner.RunAsync(command, onLine, cancellationToken);
    }

    /// <summary>Runs a command that must succeed; returns its stdout.</summary>
    public async Task<string> RunAsync(Command command, Action<string>? onLine = null)
    {
        var result = await TryAsync(command, onLine).ConfigureAwait(false);
        if (!result.Succeeded) throw Failed(command, result);
        return result.Stdout;
    }

    public DeployException Failed(Command command, CommandResult result) =>
        DeployErrors.Create(nameof(Strings.DockerCommandFailed), command.Display, Runner.TargetDisplay, result.ExitCode,
            FirstLines(result.Stderr.Length > 0 ? result.Stderr : result.Stdout));

    public Task Delay(TimeSpan delay) => Clock.Delay(delay, CancellationToken);

    private static string FirstLines(string text)
    {
        var lines = text.Trim().Split('\n');
        return lines.Length <= 10 ? text.Trim() : string.Join("\n", lines, 0, 10) + "\n...";
    }
}
