using System.Diagnostics;

namespace SuperDeploy.Tests.EndToEnd;

/// <summary>
/// A child process whose output lines are stamped with the time they arrived, so the outputs of two processes run
/// side by side can be put in one order (the deploy-lock tests), with a callback per line to react while it runs.
/// </summary>
public sealed class TimedProcess
{
    public sealed record Line(DateTimeOffset At, string Text);

    public sealed record Result(int ExitCode, IReadOnlyList<Line> Lines)
    {
        public string Output => string.Concat(Lines.Select(l => l.Text + "\n"));

        /// <summary>The first line containing <paramref name="text"/>; fails the test when there is none.</summary>
        public Line First(string text) =>
            Lines.FirstOrDefault(l => l.Text.Contains(text, StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"'{text}' not found in:\n{Output}");
    }

    public static async Task<Result> RunAsync(string program, IEnumerable<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string?> environment, TimeSpan timeout, Action<Line>? onLine = null, Action<Process>? onStarted = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var (key, value) in environment)
        {
            if (value is null) info.Environment.Remove(key);
            else info.Environment[key] = value;
        }

        var lines = new List<Line>();
        void Add(string? text)
        {
            if (text is null) return;
            var line = new Line(DateTimeOffset.UtcNow, text);
            lock (lines) lines.Add(line);
            onLine?.Invoke(line);
        }

        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        onStarted?.Invoke(process);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            lock (lines) throw new TimeoutException($"{program} did not finish within {timeout}:\n{string.Join("\n", lines.Select(l => l.Text))}");
        }
        process.WaitForExit();
        lock (lines) return new Result(process.ExitCode, lines.ToArray());
    }
}
