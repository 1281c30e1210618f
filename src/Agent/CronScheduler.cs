using System;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Cronos;

namespace SuperDeploy.Agent
{
    /// <summary>
    /// Runs a command on each occurrence of a cron schedule (UTC). At most one run per tick and never two at
    /// once: a tick that finds the previous run still going is skipped and logged. Ticks that fall while the
    /// agent is not running (container stopped, VM rebooting) are not replayed afterwards; a tick reached late
    /// (the host was suspended) runs once and the ticks it overslept are dropped. On stop the running command
    /// gets SIGTERM, then SIGKILL once the grace time is over.
    /// </summary>
    internal sealed class CronScheduler
    {
        public static readonly TimeSpan DefaultStopGrace = TimeSpan.FromSeconds(10);

        // Re-reading the wall clock at least this often follows clock corrections and stays under Task.Delay's limit.
        private static readonly TimeSpan MaxSleep = TimeSpan.FromMinutes(1);

        private readonly CronExpression schedule;
        private readonly IClock clock;
        private readonly Func<ICronRun> startRun;
        private readonly TextWriter log;
        private readonly string? stateFile;
        private readonly TimeSpan stopGrace;

        private int runCount;
        private ActiveRun? current;
        private bool stateFileBroken;

        public CronScheduler(
            CronExpression schedule,
            IClock clock,
            Func<ICronRun> startRun,
            TextWriter log,
            string? stateFile,
            TimeSpan stopGrace)
        {
            this.schedule = schedule;
            this.clock = clock;
            this.startRun = startRun;
            this.log = log;
            this.stateFile = stateFile;
            this.stopGrace = stopGrace;
        }

        /// <summary>Schedules until <paramref name="stopping"/> is cancelled, then stops the running command and returns.</summary>
        public async Task RunAsync(bool runNow, CancellationToken stopping)
        {
            DateTime? next = schedule.GetNextOccurrence(clock.UtcNow);
            Log($"schedule \"{schedule}\" (UTC), next tick {(next is { } first ? Iso(first) : "never")}");
            if (runNow)
            {
                StartRun("run-now");
            }

            try
            {
                while (next is { } tick)
                {
                    await SleepUntilAsync(tick, stopping).ConfigureAwait(false);
                    if (current is { Watch.IsCompleted: false } running)
                    {
                        Log($"tick {Iso(tick)} skipped: run {running.Number} still running");
                    }
                    else
                    {
                        StartRun("tick " + Iso(tick));
                    }

                    // From now rather than from the tick: ticks overslept while suspended are not replayed.
                    next = schedule.GetNextOccurrence(clock.UtcNow);
                }

                await clock.Delay(Timeout.InfiniteTimeSpan, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }

            await StopRunningAsync().ConfigureAwait(false);
            Log("stopped");
        }

        private async Task SleepUntilAsync(DateTime due, CancellationToken stopping)
        {
            while (true)
            {
                stopping.ThrowIfCancellationRequested();
                TimeSpan remaining = due - clock.UtcNow;
                if (remaining <= TimeSpan.Zero)
                {
                    return;
                }

                // Rounded up to whole milliseconds so a sub-millisecond remainder does not spin.
                double milliseconds = Math.Ceiling(Math.Min(remaining.TotalMilliseconds, MaxSleep.TotalMilliseconds));
                await clock.Delay(TimeSpan.FromMilliseconds(milliseconds), stopping).ConfigureAwait(false);
            }
        }

        private void StartRun(string trigger)
        {
            int number = ++runCount;
            DateTime startedAt = clock.UtcNow;
            Log($"run {number} started at {Iso(startedAt)} ({trigger})");
            WriteState(number, startedAt, exitCode: null, durationMs: null);
            ICronRun run;
            try
            {
                run = startRun();
            }
            catch (Exception ex)
            {
                // A command that cannot start (not found, not executable) fails this run, not the scheduler.
                Log($"run {number} failed to start: {ex.Message}");
                WriteState(number, startedAt, exitCode: 127, durationMs: 0);
                return;
            }

            current = new ActiveRun(number, run, WatchAsync(number, run, startedAt));
        }

        private async Task WatchAsync(int number, ICronRun run, DateTime startedAt)
        {
            int exitCode = await run.Exited.ConfigureAwait(false);
            long durationMs = (long)(clock.UtcNow - startedAt).TotalMilliseconds;
            Log($"run {number} exited {exitCode.ToString(CultureInfo.InvariantCulture)} after {durationMs.ToString(CultureInfo.InvariantCulture)} ms");
            WriteState(number, startedAt, exitCode, durationMs);
        }

        private async Task StopRunningAsync()
        {
            if (current is not { Watch.IsCompleted: false } running)
            {
                return;
            }

            Log($"stopping: sending SIGTERM to run {running.Number} (pid {running.Run.ProcessId})");
            running.Run.Terminate();
            using var graceOver = new CancellationTokenSource();
            Task grace = clock.Delay(stopGrace, graceOver.Token);
            if (await Task.WhenAny(running.Watch, grace).ConfigureAwait(false) != running.Watch)
            {
                Log($"run {running.Number} still running after {stopGrace.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s: sending SIGKILL");
                running.Run.Kill();
                await running.Watch.ConfigureAwait(false);
            }

            graceOver.Cancel();
        }

        private void WriteState(int run, DateTime startedAt, int? exitCode, long? durationMs)
        {
            if (stateFile is null || stateFileBroken)
            {
                return;
            }

            try
            {
                using var buffer = new MemoryStream();
                using (var json = new Utf8JsonWriter(buffer))
                {
                    json.WriteStartObject();
                    json.WriteNumber("run", run);
                    json.WriteString("startedAt", Iso(startedAt));
                    WriteNumberOrNull(json, "exitCode", exitCode);
                    WriteNumberOrNull(json, "durationMs", durationMs);
                    json.WriteEndObject();
                }

                buffer.WriteByte((byte)'\n');

                // Written beside and renamed over, so a reader never sees half a file.
                string temporary = stateFile + ".tmp";
                File.WriteAllBytes(temporary, buffer.ToArray());
                File.Move(temporary, stateFile, overwrite: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                stateFileBroken = true;
                Log($"cannot write state file {stateFile}: {ex.Message} (not trying again)");
            }
        }

        private static void WriteNumberOrNull(Utf8JsonWriter json, string name, long? value)
        {
            if (value is { } number)
            {
                json.WriteNumber(name, number);
            }
            else
            {
                json.WriteNull(name);
            }
        }

        private void Log(string message) => log.WriteLine("superdeploy-cron: " + message);

        internal static string Iso(DateTime utc) =>
            utc.ToString(utc.Millisecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        private sealed record ActiveRun(int Number, ICronRun Run, Task Watch);
    }
}
