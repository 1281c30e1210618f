using System.Diagnostics;
using System.Text;

namespace SuperDeploy.Tests;

/// <summary>
/// Runs a child process (dotnet, docker, bash) with an argv list, optional stdin and a deadline; captures its output
/// interleaved as printed, and stdout and stderr apart. Shared by the end-to-end and nodes tiers (linked source).
/// </summary>
public static class Shell
{
    public sealed record Result(int ExitCode, string Output, string Stdout, string Stderr)
    {
        public Result EnsureSuccess(string what)
        {
            if (ExitCode != 0) throw new InvalidOperationException($"{what} failed with exit code {ExitCode}:\n{Output}");
            return this;
        }
    }

    public static async Task<Result> RunAsync(string program, IEnumerable<string> args, string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null, string? stdin = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                if (value is null) info.Environment.Remove(key);
                else info.Environment[key] = value;
            }
        }

        var output = new StringBuilder();
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        void Collect(string? line, StringBuilder into)
        {
            if (line is null) return;
            lock (output)
            {
                output.Append(line).Append('\n');
                into.Append(line).Append('\n');
            }
        }

        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Collect(e.Data, stdout);
        process.ErrorDataReceived += (_, e) => Collect(e.Data, stderr);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        timeout ??= TimeSpan.FromMinutes(8);
        using var cancel = new CancellationTokenSource(timeout.Value);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            lock (output) throw new TimeoutException($"{program} {string.Join(' ', info.ArgumentList)} did not finish within {timeout}:\n{output}");
        }
        process.WaitForExit(); // drains the output events
        lock (output) return new Result(process.ExitCode, output.ToString(), stdout.ToString(), stderr.ToString());
    }

    public static Task<Result> Docker(params string[] args) => RunAsync("docker", args, timeout: TimeSpan.FromMinutes(2));
}
