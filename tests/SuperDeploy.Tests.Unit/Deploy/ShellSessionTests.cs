using SuperDeploy.Deploy.Commands;
using SuperDeploy.Deploy.Execution;

namespace SuperDeploy.Tests.Unit.Deploy;

/// <summary>The one remote shell many commands run in, against a real local `sh` standing in for `ssh … -- sh`.</summary>
public class ShellSessionTests
{
    private static bool NoShell => OperatingSystem.IsWindows() || !File.Exists("/bin/sh");

    /// <summary>`sh` behind a login shell that prints noise first, as a chatty ~/.bashrc or motd would.</summary>
    private static async Task<ShellSession> Start()
    {
        var (session, failure) = await ShellSession.StartAsync("/bin/sh", ["-c", "echo 'Welcome to the VM'; echo noise >&2; exec sh"], CancellationToken.None);
        Assert.Null(failure);
        return session!;
    }

    private static Command Sh(string script, string? stdin = null) => new(["sh", "-c", script], stdin);

    [Fact]
    public async Task StdoutStderrAndExitCodeComeBackApartCommandAfterCommand()
    {
        if (NoShell) return;
        using var session = await Start();

        var first = await session.TryRunAsync(Sh("echo out; echo err >&2; echo more; exit 3"), null, CancellationToken.None);
        var second = await session.TryRunAsync(Sh("printf 'no newline'"), null, CancellationToken.None);
        var third = await session.TryRunAsync(Sh("printf 'a\\n\\n'"), null, CancellationToken.None);
        var empty = await session.TryRunAsync(Sh("true"), null, CancellationToken.None);

        Assert.Equal(new CommandResult(3, "out\nmore\n", "err\n"), first);
        Assert.Equal(new CommandResult(0, "no newline\n", ""), second);
        Assert.Equal(new CommandResult(0, "a\n\n", ""), third);
        Assert.Equal(new CommandResult(0, "", ""), empty);
    }

    [Theory]
    [InlineData("exact bytes, no newline at the end")]
    [InlineData("line 1\nit's $HOME `id` $(id) \\ \"quoted\" %s %d\n\n")]
    [InlineData("")]
    public async Task StdinArrivesByteForByteAndNeverReadsTheSessionsOwnInput(string stdin)
    {
        if (NoShell) return;
        using var session = await Start();

        var echoed = await session.TryRunAsync(new Command(["od", "-An", "-c"], stdin), null, CancellationToken.None);
        var expected = await SuperDeploy.Tests.Unit.Deploy.LocalOd.Run(stdin);
        Assert.Equal(expected, echoed!.Stdout);

        // A command without stdin reads nothing (and above all not the commands that follow it).
        var none = await session.TryRunAsync(new Command(["cat"]), null, CancellationToken.None);
        Assert.Equal(new CommandResult(0, "", ""), none);
        Assert.Equal("still here\n", (await session.TryRunAsync(new Command(["echo", "still here"]), null, CancellationToken.None))!.Stdout);
    }

    [Fact]
    public async Task ALargeStackFileGoesThroughStdin()
    {
        if (NoShell) return;
        using var session = await Start();
        var yaml = string.Concat(Enumerable.Range(0, 8000).Select(i => $"  key{i}: 'value {i}'\n"));

        var result = await session.TryRunAsync(new Command(["wc", "-c"], yaml), null, CancellationToken.None);

        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(yaml).ToString(), result!.Stdout.Trim());
    }

    [Fact]
    public async Task StreamedLinesArriveInOrderWithStderrMerged()
    {
        if (NoShell) return;
        using var session = await Start();
        var lines = new List<string>();

        var result = await session.TryRunAsync(Sh("echo one; echo two >&2; echo; echo three"), lines.Add, CancellationToken.None);

        Assert.Equal(["one", "two", "", "three"], lines);
        Assert.Equal(0, result!.ExitCode);
    }

    [Fact]
    public async Task NoOutputCanFakeTheMarkers()
    {
        if (NoShell) return;
        using var session = await Start();
        var script = session.Script(new Command(["true"]), merged: false);
        var marker = script.Split('\n').First(l => l.StartsWith("printf '\\n%s%s\\n'", StringComparison.Ordinal));
        // Whatever a command prints, it cannot know the nonce; a look-alike marker is plain output.
        var result = await session.TryRunAsync(Sh("printf '\\036fake exit 0\\n'; exit 4"), null, CancellationToken.None);
        Assert.Equal(4, result!.ExitCode);
        Assert.Contains("fake exit 0", result.Stdout);
        Assert.DoesNotContain("fake", marker);
    }

    [Fact]
    public async Task ABusySessionDeclinesAndACancelledOneDies()
    {
        if (NoShell) return;
        using var session = await Start();
        using var cancel = new CancellationTokenSource();

        var slow = session.TryRunAsync(Sh("sleep 30"), null, cancel.Token);
        await Task.Delay(200);
        Assert.Null(await session.TryRunAsync(new Command(["true"]), null, CancellationToken.None));

        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => slow);
        Assert.False(session.IsAlive);
        Assert.Null(await session.TryRunAsync(new Command(["true"]), null, CancellationToken.None));
    }

    [Fact]
    public async Task AProgramThatEndsReportsItsOwnStderrAsAFailure()
    {
        if (NoShell) return;
        var (session, failure) = await ShellSession.StartAsync("/bin/sh", ["-c", "echo 'Host key verification failed.' >&2; exit 255"], CancellationToken.None);

        Assert.Null(session);
        Assert.Equal(255, failure!.ExitCode);
        Assert.Contains("Host key verification failed.", failure.Stderr);
    }
}

/// <summary>What `od -An -c` prints for some stdin, run directly (the reference for the session's copy).</summary>
internal static class LocalOd
{
    public static async Task<string> Run(string stdin)
    {
        var info = new System.Diagnostics.ProcessStartInfo("od") { RedirectStandardInput = true, RedirectStandardOutput = true };
        info.ArgumentList.Add("-An");
        info.ArgumentList.Add("-c");
        using var process = System.Diagnostics.Process.Start(info)!;
        await process.StandardInput.BaseStream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(stdin));
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }
}
