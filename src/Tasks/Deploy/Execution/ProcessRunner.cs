using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace SuperDeploy.Deploy.Execution;

/// <summary>Starts a program with an argv list (never through a shell), feeds stdin, streams and captures output.</summary>
internal static class ProcessRunner
{
    /// <summary>Output kept per stream; a followed log can run for hours, so capture stops growing past this.</summary>
    private const int CaptureLimit = 4 * 1024 * 1024;

    /// <exception cref="Win32Exception">The program could not be started (not found, not executable).</exception>
    public static async Task<CommandResult> RunAsync(
        string fileName, IReadOnlyList<string> args, string? stdin, Action<string>? onLine, CancellationToken cancellationToken)
    {
        var info = RedirectedStart.For(fileName, args);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var gate = new object();
        var outputDone = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var errorDone = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        using var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        void Collect(DataReceivedEventArgs e, StringBuilder into, TaskCompletionSource<bool> done)
        {
            if (e.Data is null) { done.TrySetResult(true); return; }
            lock (gate)
            {
                if (into.Length < CaptureLimit) into.Append(e.Data).Append('\n');
                onLine?.Invoke(e.Data);
            }
        }
        process.OutputDataReceived += (_, e) => Collect(e, stdout, outputDone);
        process.ErrorDataReceived += (_, e) => Collect(e, stderr, errorDone);

        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var registration = cancellationToken.Register(() => Kill(process));
        try
        {
            if (stdin is not null)
            {
                var bytes = RedirectedStart.Utf8.GetBytes(stdin);
                await process.StandardInput.BaseStream.WriteAsync(bytes, 0, bytes.Length, cancellationToken).ConfigureAwait(false);
                await process.StandardInput.BaseStream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            process.StandardInput.Close();
        }
        catch (System.IO.IOException)
        {
            // The program exited without reading all of stdin; its exit code and output tell why.
        }

        await Task.WhenAll(outputDone.Task, errorDone.Task).ConfigureAwait(false);
        await Task.Run(() => process.WaitForExit()).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate) return new CommandResult(process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    private static void Kill(Process process)
    {
        try
        {
#if NETFRAMEWORK
            process.Kill();
#else
            process.Kill(entireProcessTree: true);
#endif
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (Win32Exception)
        {
            // Exiting while we kill it.
        }
    }
}
