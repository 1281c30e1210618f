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
public sealed class SshRunner : ICommandRunner
{
    /// <summary>ssh exits with 255 when ssh itself failed (as opposed to the remote command).</summary>
    private const int SshFailure = 255;

    private readonly string _ssh;

    public SshRunner(SshTarget target, string sshProgram = "ssh")
    {
        Target = target;
        _ssh = sshProgram;
    }

    public SshTarget Target { get; }

    public bool IsLocal => false;

    public string TargetDisplay => Target.ToString();

    /// <summary>The full ssh argv for a command (exposed for tests).</summary>
    public string[] Argv(Command command) =>
        new[] { _ssh }.Concat(Target.SshArguments()).Concat(new[] { PosixShell.Join(command.Argv) }).ToArray();

    public async Task<CommandResult> RunAsync(Command command, Action<string>? onLine, CancellationToken cancellationToken)
    {
        var argv = Argv(command);
        CommandResult result;
        try
        {
            result = await ProcessRunner.RunAsync(argv[0], argv.Skip(1).ToArray(), command.Stdin, onLine, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Win32Exception e)
        {
            throw DeployErrors.Create(nameof(Strings.ProgramNotFound), _ssh, e.Message);
        }

        if (result.ExitCode == SshFailure && Classify(result.Stderr) is { } error) throw error;
        if (result.ExitCode == 127 && result.Stderr.Contains("docker"))
            throw DeployErrors.Create(nameof(Strings.RemoteDockerMissing), TargetDisplay, result.Stderr.Trim());
        return result;
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
