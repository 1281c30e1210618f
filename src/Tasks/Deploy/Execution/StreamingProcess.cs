using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using SuperDeploy.Deploy.Commands;

namespace SuperDeploy.Deploy.Execution;

/// <summary>
/// Runs a command with its stdin or stdout as raw bytes from or to a stream (a backup file): ProcessRunner works in
/// lines of text and caps its capture, which would corrupt a binary pg_dump. Stderr is kept as text for messages.
/// </summary>
internal static class StreamingProcess
{
    /// <summary>The program and arguments that run a command on the target: as is locally, inside `ssh ... --` remotely.</summary>
    public static IReadOnlyList<string> ProgramArgv(ICommandRunner runner, Command command) =>
        runner is SshRunner ssh ? ssh.Argv(command) : command.Argv;

    public static async Task<(int ExitCode, string Stderr)> RunAsync(IReadOnlyList<string> argv, Stream? stdin, Stream? stdout,
        CancellationToken cancellationToken)
    {
        var rest = new string[argv.Count - 1];
        for (var i = 1; i < argv.Count; i++) rest[i - 1] = argv[i];
        var info = RedirectedStart.For(argv[0], rest);
        using var process = new Process { StartInfo = info };
        process.Start();
        using var registration = cancellationToken.Register(() =>
        {
            try { process.Kill(); } catch (InvalidOperationException) { }
        });

        var error = process.StandardError.ReadToEndAsync();
        var output = stdout is null
            ? process.StandardOutput.BaseStream.CopyToAsync(Stream.Null)
            : process.StandardOutput.BaseStream.CopyToAsync(stdout, 81920, cancellationToken);
        try
        {
            if (stdin is not null) await stdin.CopyToAsync(process.StandardInput.BaseStream, 81920, cancellationToken).ConfigureAwait(false);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The program exited without reading all of stdin; its exit code and stderr tell why.
        }

        await output.ConfigureAwait(false);
        var stderr = await error.ConfigureAwait(false);
        await Task.Run(() => process.WaitForExit()).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return (process.ExitCode, stderr);
    }
}
