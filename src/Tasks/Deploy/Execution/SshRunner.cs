using System;
using System.ComponentModel;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SuperDeploy.Deploy.Commands;
using SuperDeploy.Resources;

namespace SuperDeploy.Deploy.Execution;

/// <summary>
/// Runs commands on the VM through the system OpenSSH client (so ~/.ssh/config, the agent and known_hosts apply):
/// `ssh [options] user@host -- &lt;POSIX-quoted argv&gt;`, stdin forwarded. SSH's own failures become coded errors.
/// </summary>
public sealed class SshRunner : ICommandRunner, IDisposable
{
    /// <summary>ssh exits with 255 when ssh itself failed (as opposed to the remote command).</summary>
    private const int SshFailure = 255;

    private readonly string _ssh;
    private readonly SshConnectionSharing? _sharing;
    private readonly SemaphoreSlim _sessionStart = new(1, 1);
    private ShellSession? _session;
    private bool _sessionUnavailable;

    /// <param name="sharing">One connection for every command (closed by Dispose); null: a connection per command.</param>
    public SshRunner(SshTarget target, string sshProgram = "ssh", SshConnectionSharing? sharing = null)
    {
        Target = target;
        _ssh = sshProgram;
        _sharing = sharing;
    }

    public SshTarget Target { get; }

    public bool IsLocal => false;

    public string TargetDisplay => Target.ToString();

    /// <summary>The full ssh argv for a command (exposed for tests).</summary>
    public string[] Argv(Command command) =>
        new[] { _ssh }.Concat(_sharing?.Options() ?? Array.Empty<string>()).Concat(Target.SshArguments())
            .Concat(new[] { PosixShell.Join(command.Argv) }).ToArray();

    /// <summary>Closes the shared connection, if any (best effort: ControlPersist ends a master left behind).</summary>
    public void Dispose()
    {
        _session?.Dispose();
        _session = null;
        if (_sharing is null) return;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            ProcessRunner.RunAsync(_ssh, _sharing.ExitArguments(Target.Destination).ToArray(), null, null, timeout.Token).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is Win32Exception or OperationCanceledException or InvalidOperationException)
        {
            // Nothing to close, or ssh is gone.
        }
        _sharing.Dispose();
    }

    public async Task<CommandResult> RunAsync(Command command, Action<string>? onLine, CancellationToken cancellationToken)
    {
        var result = await RunInSessionAsync(command, onLine, cancellationToken).ConfigureAwait(false);
        if (result is null)
        {
            var argv = Argv(command);
            try
            {
                result = await ProcessRunner.RunAsync(argv[0], argv.Skip(1).ToArray(), command.Stdin, onLine, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (Win32Exception e)
            {
                throw DeployErrors.Create(nameof(Strings.ProgramNotFound), _ssh, e.Message);
            }
        }

        if (result.ExitCode == SshFailure && Classify(result.Stderr) is { } error) throw error;
        if (result.ExitCode == 127 && result.Stderr.Contains("docker"))
            throw DeployErrors.Create(nameof(Strings.RemoteDockerMissing), TargetDisplay, result.Stderr.Trim());
        return result;
    }

    /// <summary>
    /// With a shared connection, commands run in one remote shell (<see cref="ShellSession"/>), started on first use.
    /// Null: run this command on its own (no sharing, the session is busy with another command, or cannot start).
    /// </summary>
    private async Task<CommandResult?> RunInSessionAsync(Command command, Action<string>? onLine, CancellationToken cancellationToken)
    {
        if (_sharing is null || _sessionUnavailable) return null;
        ShellSession? session;
        await _sessionStart.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_session is null || !_session.IsAlive)
            {
                _session?.Dispose();
                _session = null;
                var args = _sharing.Options().Concat(Target.SshArguments()).Concat(new[] { "sh" }).ToArray();
                CommandResult? failure;
                try
                {
                    (_session, failure) = await ShellSession.StartAsync(_ssh, args, cancellationToken).ConfigureAwait(false);
                }
                catch (Win32Exception e)
                {
                    throw DeployErrors.Create(nameof(Strings.ProgramNotFound), _ssh, e.Message);
                }
                if (failure is not null)
                {
                    // ssh's own failure (host key, refused, authentication) is the same coded error as for one command.
                    if (failure.ExitCode == SshFailure && Classify(failure.Stderr) is { } error) throw error;
                    _sessionUnavailable = true;
                    return null;
                }
            }
            session = _session;
        }
        finally
        {
            _sessionStart.Release();
        }
        return session is null ? null : await session.TryRunAsync(command, onLine, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Maps what ssh printed when it failed to a coded error; null if the failure was not ssh's own.</summary>
    public DeployException? Classify(string stderr)
    {
        var text = stderr.Trim();
        if (Contains(text, "REMOTE HOST IDENTIFICATION HAS CHANGED") || Contains(text, "Host key for") && Contains(text, "has changed"))
            return DeployErrors.Create(nameof(Strings.SshHostKeyChanged), TargetDisplay, text);
        if (Contains(text, "Host key verification failed") || Contains(text, "host key is known for"))
            return DeployErrors.Create(nameof(Strings.SshHostKeyUnknown), TargetDisplay, Target.KnownHostsFile ?? "~/.ssh/known_hosts", text);
        if (Contains(text, "Permission denied") || Contains(text, "Too many authentication failures"))
            return DeployErrors.Create(nameof(Strings.SshAuthenticationFailed), TargetDisplay, text);
        if (text.StartsWith("ssh:", StringComparison.Ordinal) || Contains(text, "Connection closed") || Contains(text, "Connection reset")
            || Contains(text, "kex_exchange_identification") || Contains(text, "Could not resolve") || Contains(text, "Connection refused"))
            return DeployErrors.Create(nameof(Strings.SshConnectionFailed), TargetDisplay, text);
        return null;
    }

    private static bool Contains(string text, string part) => text.IndexOf(part, StringComparison.OrdinalIgnoreCase) >= 0;
}
