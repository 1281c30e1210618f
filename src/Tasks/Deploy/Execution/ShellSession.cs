using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SuperDeploy.Deploy.Commands;

namespace SuperDeploy.Deploy.Execution;

/// <summary>
/// One long-lived POSIX `sh` (on the VM: `ssh … -- sh`) that runs many commands, one after the other. Over SSH each
/// command otherwise opens a session, and the VM starts the user's login shell for it (PAM, ~/.bashrc: on some VMs
/// that alone is hundreds of milliseconds); here that happens once per task. Each command is written to the shell's
/// stdin with its stdin content inline and its stdin never the shell's own; its stdout comes back followed by a marker
/// line with the exit code, then its stderr, every line prefixed, and an end marker. The markers carry a random nonce,
/// so no output can fake them. A session that dies mid-command reports exit code 255 with what the program printed on
/// its own stderr (ssh's messages), as a plain `ssh` would.
/// </summary>
public sealed class ShellSession : IDisposable
{
    public const int SessionFailure = 255;

    private readonly Process _process;
    private readonly string _nonce = Guid.NewGuid().ToString("N");
    private readonly StringBuilder _programStderr = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _dead;

    private ShellSession(Process process) => _process = process;

    private string Ready => $"\u001e{_nonce} ready";
    private string Exit => $"\u001e{_nonce} exit ";
    private string End => $"\u001e{_nonce} end";

    /// <summary>Dead sessions (exited, killed, cancelled) run nothing more; the caller starts another or runs commands alone.</summary>
    public bool IsAlive => !_dead && !HasExited();

    /// <summary>What the program itself (ssh) printed on stderr: its connection and host-key errors.</summary>
    public string ProgramStderr
    {
        get { lock (_programStderr) return _programStderr.ToString(); }
    }

    /// <summary>Starts the program (which must end in a POSIX shell reading commands from stdin) and waits until it answers.</summary>
    /// <returns>The session, or a failure result (the program could not start, connect or reach the shell).</returns>
    /// <exception cref="Win32Exception">The program was not found.</exception>
    public static async Task<(ShellSession? Session, CommandResult? Failure)> StartAsync(string program, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var info = RedirectedStart.For(program, args);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.Start();
        var session = new ShellSession(process);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (session._programStderr) session._programStderr.Append(e.Data).Append('\n');
        };
        process.BeginErrorReadLine();

        // Whatever the login shell prints first (a motd, a noisy ~/.bashrc) is skipped up to the ready line.
        var setup = "SD_E=$(mktemp 2>/dev/null || echo \"/tmp/superdeploy-$$.err\"); trap 'rm -f \"$SD_E\"' EXIT; printf '%s\\n' "
            + PosixShell.Quote(session.Ready) + "\n";
        try
        {
            using var registration = cancellationToken.Register(session.Kill);
            await session.WriteAsync(setup).ConfigureAwait(false);
            while (true)
            {
                var line = await process.StandardOutput.ReadLineAsync().ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                if (line is null) return (null, await session.FailureAsync("").ConfigureAwait(false));
                if (line == session.Ready) return (session, null);
            }
        }
        catch (IOException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return (null, await session.FailureAsync("").ConfigureAwait(false));
        }
    }

    /// <summary>Runs one command; null when another command is running in this session (run it some other way).</summary>
    public async Task<CommandResult?> TryRunAsync(Command command, Action<string>? onLine, CancellationToken cancellationToken)
    {
        if (!IsAlive || !await _gate.WaitAsync(0).ConfigureAwait(false)) return null;
        try
        {
            if (!IsAlive) return null;
            using var registration = cancellationToken.Register(Kill);
            try
            {
                await WriteAsync(Script(command, merged: onLine is not null)).ConfigureAwait(false);
                return await ReadResultAsync(onLine, merged: onLine is not null, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                cancellationToken.ThrowIfCancellationRequested();
                _dead = true;
                return await FailureAsync("").ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The shell text for one command. Stdin is the command's own (inline, exact bytes) or /dev/null, never the
    /// session's. Streamed commands get stderr merged into stdout, in the order it was written.
    /// </summary>
    internal string Script(Command command, bool merged)
    {
        var argv = PosixShell.Join(command.Argv);
        var input = command.Stdin is null ? argv + " </dev/null" : "printf '%s' " + PosixShell.Quote(command.Stdin) + " | " + argv;
        var text = new StringBuilder();
        text.Append(input).Append(merged ? " 2>&1" : " 2>\"$SD_E\"").Append('\n');
        text.Append("printf '\\n%s%s\\n' ").Append(PosixShell.Quote(Exit)).Append(" \"$?\"\n");
        if (!merged) text.Append("sed 's/^/|/' \"$SD_E\"\n");
        text.Append("printf '%s\\n' ").Append(PosixShell.Quote(End)).Append('\n');
        return text.ToString();
    }

    private async Task<CommandResult> ReadResultAsync(Action<string>? onLine, bool merged, CancellationToken cancellationToken)
    {
        var stdout = new List<string>();
        var heldEmptyLines = 0;
        int? exitCode = null;
        var stderr = new StringBuilder();
        while (true)
        {
            var line = await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (line is null)
            {
                _dead = true;
                return await FailureAsync(string.Join("\n", stdout)).ConfigureAwait(false);
            }

            if (exitCode is null)
            {
                if (line.StartsWith(Exit, StringComparison.Ordinal))
                {
                    exitCode = int.TryParse(line.Substring(Exit.Length), out var code) ? code : SessionFailure;
                    // Of the empty lines held back, the last is the marker's own; the others were output.
                    for (; heldEmptyLines > 1; heldEmptyLines--) onLine?.Invoke("");
                    continue;
                }
                stdout.Add(line);
                if (onLine is null) continue;
                // An empty line may be the one the exit marker adds: hold empty lines until more comes.
                if (line.Length == 0) { heldEmptyLines++; continue; }
                for (; heldEmptyLines > 0; heldEmptyLines--) onLine("");
                onLine(line);
                continue;
            }

            if (line == End) break;
            if (line.StartsWith("|", StringComparison.Ordinal)) stderr.Append(line.Substring(1)).Append('\n');
        }

        // The marker starts with a newline: after output that ended its last line (or no output) that makes one
        // empty line, which is not output; after a last line without its newline it only ends that line.
        if (stdout.Count > 0 && stdout[stdout.Count - 1].Length == 0) stdout.RemoveAt(stdout.Count - 1);
        var output = stdout.Count == 0 ? "" : string.Join("\n", stdout) + "\n";
        return merged ? new CommandResult(exitCode.Value, output, "") : new CommandResult(exitCode.Value, output, stderr.ToString());
    }

    private async Task WriteAsync(string text)
    {
        var bytes = RedirectedStart.Utf8.GetBytes(text);
        await _process.StandardInput.BaseStream.WriteAsync(bytes, 0, bytes.Length).ConfigureAwait(false);
        await _process.StandardInput.BaseStream.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>The program ended: its exit code (255 when it is still winding down) and its own stderr.</summary>
    private async Task<CommandResult> FailureAsync(string stdout)
    {
        _dead = true;
        // With a timeout WaitForExit does not wait for the stderr reader; once exited, the plain one does.
        await Task.Run(() => { if (_process.WaitForExit(5000)) _process.WaitForExit(); }).ConfigureAwait(false);
        var code = HasExited() && _process.ExitCode != 0 ? _process.ExitCode : SessionFailure;
        return new CommandResult(code, stdout, ProgramStderr);
    }

    private bool HasExited()
    {
        try
        {
            return _process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private void Kill()
    {
        _dead = true;
        try
        {
#if NETFRAMEWORK
            _process.Kill();
#else
            _process.Kill(entireProcessTree: true);
#endif
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            // Already gone.
        }
    }

    /// <summary>Ends the shell (it removes its temp file on exit), killing it if it does not go.</summary>
    public void Dispose()
    {
        if (!_dead && !HasExited())
        {
            try
            {
                var bytes = RedirectedStart.Utf8.GetBytes("exit\n");
                _process.StandardInput.BaseStream.Write(bytes, 0, bytes.Length);
                _process.StandardInput.Close();
                if (!_process.WaitForExit(3000)) Kill();
            }
            catch (IOException)
            {
                Kill();
            }
        }
        _dead = true;
        _process.Dispose();
        _gate.Dispose();
    }
}
