using System.ComponentModel;
using System.Diagnostics;
using Cronos;
using SuperDeploy.Agent;
using Xunit.Abstractions;

namespace SuperDeploy.Tests.Agent;

public sealed class ChildProcessTests
{
    private readonly ITestOutputHelper output;

    public ChildProcessTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public async Task Passes_arguments_verbatim_and_reports_the_exit_code()
    {
        var child = ChildProcess.Start(new[] { "/bin/sh", "-c", "test \"$1\" = 'a b \"c\" $HOME' && exit 7", "sh", "a b \"c\" $HOME" });

        Assert.Equal(7, await child.Exited.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Terminate_sends_sigterm_not_sigkill()
    {
        var child = ChildProcess.Start(new[] { "sleep", "30" });

        child.Terminate();

        Assert.Equal(128 + 15, await child.Exited.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Kill_sends_sigkill()
    {
        var child = ChildProcess.Start(new[] { "/bin/sh", "-c", "trap '' TERM; exec sleep 30" });

        child.Kill();

        Assert.Equal(128 + 9, await child.Exited.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void A_missing_command_fails_to_start()
    {
        Assert.Throws<Win32Exception>(() => ChildProcess.Start(new[] { "/nonexistent/superdeploy-command" }));
    }

    [Fact]
    public async Task Stopping_the_scheduler_forwards_sigterm_to_a_real_child()
    {
        var log = new StringWriter();
        var started = new TaskCompletionSource<ChildProcess>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stopping = new CancellationTokenSource();

        // Grace far above the test's patience: only a forwarded SIGTERM (exit 143) can end the child in time.
        var scheduler = new CronScheduler(
            CronExpression.Parse("0 0 1 1 *"), SystemClock.Instance,
            () =>
            {
                var child = ChildProcess.Start(new[] { "sleep", "30" });
                started.SetResult(child);
                return child;
            },
            TextWriter.Synchronized(log), stateFile: null, stopGrace: TimeSpan.FromSeconds(60));

        Task running = scheduler.RunAsync(runNow: true, stopping.Token);
        ChildProcess sleeper = await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var sinceStop = Stopwatch.StartNew();
        stopping.Cancel();
        await running.WaitAsync(TimeSpan.FromSeconds(30));
        sinceStop.Stop();

        Assert.Equal(143, await sleeper.Exited);
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(sleeper.ProcessId));
        Assert.Contains($"superdeploy-cron: stopping: sending SIGTERM to run 1 (pid {sleeper.ProcessId})", log.ToString());
        Assert.DoesNotContain("SIGKILL", log.ToString());
        output.WriteLine($"child gone {sinceStop.ElapsedMilliseconds} ms after the stop request");
    }
}
