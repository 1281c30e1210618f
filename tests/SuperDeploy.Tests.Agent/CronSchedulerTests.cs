using System.ComponentModel;
using System.Text.Json;
using Cronos;
using SuperDeploy.Agent;

namespace SuperDeploy.Tests.Agent;

public sealed class CronSchedulerTests : IDisposable
{
    private static readonly DateTime Ten = new(2026, 1, 1, 10, 0, 0, DateTimeKind.Utc);

    private readonly FakeClock clock = new(Ten.AddSeconds(30));
    private readonly StringWriter log = new();
    private readonly List<Started> runs = new();
    private readonly string stateFile = Path.Combine(Path.GetTempPath(), $"superdeploy-cron-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(stateFile);

    [Fact]
    public void Starts_exactly_one_run_on_each_tick()
    {
        clock.StopAt(Ten.AddMinutes(5).AddSeconds(30));

        Run("* * * * *", runFor: TimeSpan.FromSeconds(5));

        Assert.Equal(
            new[] { Ten.AddMinutes(1), Ten.AddMinutes(2), Ten.AddMinutes(3), Ten.AddMinutes(4), Ten.AddMinutes(5) },
            runs.Select(r => r.At));
        Assert.DoesNotContain("skipped", log.ToString());
        Assert.Contains("superdeploy-cron: run 1 started at 2026-01-01T10:01:00Z (tick 2026-01-01T10:01:00Z)", Lines());
        Assert.Contains("superdeploy-cron: run 1 exited 0 after 5000 ms", Lines());
        Assert.Contains("superdeploy-cron: run 5 exited 0 after 5000 ms", Lines());
    }

    [Fact]
    public void Skips_a_tick_while_the_previous_run_is_still_going_and_never_overlaps()
    {
        clock.StopAt(Ten.AddMinutes(6).AddSeconds(30));

        Run("* * * * *", runFor: TimeSpan.FromSeconds(130));

        Assert.Equal(new[] { Ten.AddMinutes(1), Ten.AddMinutes(4) }, runs.Select(r => r.At));
        Assert.Equal(
            new[]
            {
                "superdeploy-cron: tick 2026-01-01T10:02:00Z skipped: run 1 still running",
                "superdeploy-cron: tick 2026-01-01T10:03:00Z skipped: run 1 still running",
                "superdeploy-cron: tick 2026-01-01T10:05:00Z skipped: run 2 still running",
                "superdeploy-cron: tick 2026-01-01T10:06:00Z skipped: run 2 still running",
            },
            Lines().Where(l => l.Contains("skipped")));
        for (int i = 1; i < runs.Count; i++)
        {
            Assert.True(runs[i].At >= runs[i - 1].Run.EndedAt, $"run {i + 1} started before run {i} ended");
        }
    }

    [Theory]
    [InlineData("* * * * *", "2026-01-01T10:00:59.5Z", "2026-01-01T10:01:00Z", "2026-01-01T10:02:00Z")]
    [InlineData("* * * * *", "2026-01-01T10:00:00Z", "2026-01-01T10:01:00Z", "2026-01-01T10:02:00Z")]
    [InlineData("*/15 * * * *", "2026-01-01T10:59:59Z", "2026-01-01T11:00:00Z", "2026-01-01T11:15:00Z")]
    [InlineData("0 * * * *", "2026-12-31T23:30:00Z", "2027-01-01T00:00:00Z", "2027-01-01T01:00:00Z")]
    [InlineData("@hourly", "2026-01-01T10:00:00.001Z", "2026-01-01T11:00:00Z", "2026-01-01T12:00:00Z")]
    [InlineData("30 2 * * 1", "2026-01-01T10:00:00Z", "2026-01-05T02:30:00Z", "2026-01-12T02:30:00Z")]
    public void Computes_the_next_occurrences_in_utc_across_boundaries(string schedule, string start, string first, string second)
    {
        var expected = new[] { Utc(start), Utc(first), Utc(second) };
        var virtualClock = new FakeClock(expected[0]);
        virtualClock.StopAt(expected[2].AddSeconds(1));
        var starts = new List<DateTime>();
        var scheduler = new CronScheduler(
            CronExpression.Parse(schedule), virtualClock, () => { starts.Add(virtualClock.UtcNow); var run = new FakeRun(1); run.Exit(0); return run; },
            log, stateFile: null, CronScheduler.DefaultStopGrace);

        RunInVirtualTime(scheduler, runNow: false, virtualClock);

        Assert.Equal(new[] { expected[1], expected[2] }, starts);
        Assert.All(starts, s => Assert.Equal(DateTimeKind.Utc, s.Kind));
    }

    [Fact]
    public void Does_not_replay_ticks_missed_while_asleep()
    {
        clock.OversleepNextDelay(TimeSpan.FromMinutes(5));
        clock.StopAt(Ten.AddMinutes(7).AddSeconds(30));

        Run("* * * * *", runFor: TimeSpan.FromSeconds(1));

        // The first tick (10:01) is reached at 10:06, runs once, and 10:02-10:06 are dropped.
        Assert.Equal(new[] { Ten.AddMinutes(6), Ten.AddMinutes(7) }, runs.Select(r => r.At));
        Assert.Contains("superdeploy-cron: run 1 started at 2026-01-01T10:06:00Z (tick 2026-01-01T10:01:00Z)", Lines());
        Assert.Contains("superdeploy-cron: run 2 started at 2026-01-01T10:07:00Z (tick 2026-01-01T10:07:00Z)", Lines());
    }

    [Fact]
    public void Run_now_starts_a_run_immediately_and_the_schedule_continues()
    {
        clock.StopAt(Ten.AddMinutes(2).AddSeconds(30));

        Run("* * * * *", runFor: TimeSpan.FromSeconds(1), runNow: true);

        Assert.Equal(new[] { Ten.AddSeconds(30), Ten.AddMinutes(1), Ten.AddMinutes(2) }, runs.Select(r => r.At));
        Assert.Contains("superdeploy-cron: run 1 started at 2026-01-01T10:00:30Z (run-now)", Lines());
    }

    [Fact]
    public void Stop_forwards_sigterm_to_the_running_command_and_waits_for_it()
    {
        clock.StopAt(Ten.AddMinutes(1).AddSeconds(20));

        Run("* * * * *", runFor: TimeSpan.FromMinutes(10));

        FakeRun run = Assert.Single(runs).Run;
        Assert.True(run.Terminated);
        Assert.False(run.Killed);
        Assert.Equal(
            new[]
            {
                "superdeploy-cron: stopping: sending SIGTERM to run 1 (pid 1000)",
                "superdeploy-cron: run 1 exited 143 after 20000 ms",
                "superdeploy-cron: stopped",
            },
            Lines().TakeLast(3));
    }

    [Fact]
    public void Stop_kills_a_command_that_ignores_sigterm_after_the_grace_time()
    {
        clock.StopAt(Ten.AddMinutes(1).AddSeconds(20));

        Run("* * * * *", runFor: TimeSpan.FromMinutes(10), ignoresSigterm: true);

        FakeRun run = Assert.Single(runs).Run;
        Assert.True(run.Terminated);
        Assert.True(run.Killed);
        Assert.Equal(Ten.AddMinutes(1).AddSeconds(30), run.EndedAt);
        Assert.Contains("superdeploy-cron: run 1 still running after 10 s: sending SIGKILL", Lines());
        Assert.Contains("superdeploy-cron: run 1 exited 137 after 30000 ms", Lines());
    }

    [Fact]
    public void Stop_without_a_running_command_returns_at_once()
    {
        clock.StopAt(Ten.AddMinutes(1).AddSeconds(20));

        Run("* * * * *", runFor: TimeSpan.FromSeconds(1));

        Assert.False(Assert.Single(runs).Run.Terminated);
        Assert.Equal("superdeploy-cron: stopped", Lines().Last());
        Assert.Equal(Ten.AddMinutes(1).AddSeconds(20), clock.UtcNow);
    }

    [Fact]
    public void Writes_the_last_runs_status_to_the_state_file()
    {
        clock.StopAt(Ten.AddMinutes(2).AddSeconds(30));

        Run("* * * * *", runFor: TimeSpan.FromSeconds(2), exitCode: 3);

        using var state = JsonDocument.Parse(File.ReadAllText(stateFile));
        Assert.Equal(2, state.RootElement.GetProperty("run").GetInt32());
        Assert.Equal("2026-01-01T10:02:00Z", state.RootElement.GetProperty("startedAt").GetString());
        Assert.Equal(3, state.RootElement.GetProperty("exitCode").GetInt32());
        Assert.Equal(2000, state.RootElement.GetProperty("durationMs").GetInt64());
    }

    [Fact]
    public void State_file_shows_a_run_in_progress_with_null_exit_code()
    {
        clock.At(Ten.AddMinutes(1).AddSeconds(5), () =>
        {
            using var state = JsonDocument.Parse(File.ReadAllText(stateFile));
            Assert.Equal(1, state.RootElement.GetProperty("run").GetInt32());
            Assert.Equal(JsonValueKind.Null, state.RootElement.GetProperty("exitCode").ValueKind);
            Assert.Equal(JsonValueKind.Null, state.RootElement.GetProperty("durationMs").ValueKind);
            clock.Stopping.Cancel();
        });

        Run("* * * * *", runFor: TimeSpan.FromSeconds(30));

        Assert.Contains("superdeploy-cron: stopped", Lines());
    }

    [Fact]
    public void A_command_that_cannot_start_fails_that_run_only()
    {
        clock.StopAt(Ten.AddMinutes(2).AddSeconds(30));
        int attempts = 0;
        var scheduler = new CronScheduler(
            CronExpression.Parse("* * * * *"), clock,
            () => { attempts++; throw new Win32Exception(2, "No such file or directory"); },
            log, stateFile, CronScheduler.DefaultStopGrace);

        RunInVirtualTime(scheduler, runNow: false, clock);

        Assert.Equal(2, attempts);
        Assert.Contains("superdeploy-cron: run 2 failed to start: No such file or directory", Lines());
        using var state = JsonDocument.Parse(File.ReadAllText(stateFile));
        Assert.Equal(127, state.RootElement.GetProperty("exitCode").GetInt32());
    }

    private void Run(string schedule, TimeSpan runFor, bool runNow = false, bool ignoresSigterm = false, int exitCode = 0)
    {
        ICronRun Start()
        {
            var run = new FakeRun(1000 + runs.Count, clock) { IgnoresSigterm = ignoresSigterm };
            runs.Add(new Started(clock.UtcNow, run));
            clock.At(clock.UtcNow + runFor, () => run.Exit(exitCode));
            return run;
        }

        var scheduler = new CronScheduler(CronExpression.Parse(schedule), clock, Start, log, stateFile, CronScheduler.DefaultStopGrace);

        RunInVirtualTime(scheduler, runNow, clock);
    }

    /// <summary>
    /// Runs the scheduler to its end on this thread. Without a synchronization context, every continuation
    /// (a run's exit, the end of a fake wait) runs inline, so nothing here happens in real time.
    /// </summary>
    private void RunInVirtualTime(CronScheduler scheduler, bool runNow, FakeClock virtualClock)
    {
        SynchronizationContext? context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            Task running = scheduler.RunAsync(runNow, virtualClock.Stopping.Token);
            Assert.True(running.IsCompleted, "the scheduler waited for something other than the fake clock:\n" + log);
            running.GetAwaiter().GetResult();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    private static DateTime Utc(string iso) =>
        DateTime.Parse(iso, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);

    private string[] Lines() => log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private sealed record Started(DateTime At, FakeRun Run);
}
