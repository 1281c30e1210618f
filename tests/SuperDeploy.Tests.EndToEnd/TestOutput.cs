using System.Diagnostics;

namespace SuperDeploy.Tests.EndToEnd;

/// <summary>How the end-to-end tests log a command they ran and look for lines in its output.</summary>
internal static class TestOutput
{
    /// <summary>Runs the command, then logs how long it took, its exit code and its output.</summary>
    public static async Task<Shell.Result> Timed(this ITestOutputHelper log, string what, Func<Task<Shell.Result>> run)
    {
        var watch = Stopwatch.StartNew();
        var result = await run();
        log.WriteLine($"--- {what}: {watch.Elapsed.TotalSeconds:0.0} s, exit {result.ExitCode}");
        log.WriteLine(result.Output);
        return result;
    }

    /// <summary>The output's lines that contain the text, trimmed.</summary>
    public static List<string> Lines(Shell.Result result, string text) =>
        result.Output.Split('\n').Where(l => l.Contains(text, StringComparison.Ordinal)).Select(l => l.Trim()).ToList();

    /// <summary>Each text appears on a line after the previous one's.</summary>
    public static void InOrder(Shell.Result result, params string[] texts)
    {
        var lines = result.Output.Split('\n');
        var at = 0;
        foreach (var text in texts)
        {
            var found = Array.FindIndex(lines, at, l => l.Contains(text, StringComparison.Ordinal));
            Assert.True(found >= 0, $"'{text}' not found after line {at} of:\n{result.Output}");
            at = found + 1;
        }
    }
}
