using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using SuperDeploy.Deploy.Commands;
using SuperDeploy.Resources;

namespace SuperDeploy.Deploy;

/// <summary>
/// Waits until services have converged, polling twice a second: every task that should run is running (health
/// checked, since Swarm reports a task running only once healthy) on the expected image, as many as desired, and no
/// update is in progress. Trusts UpdateStatus, not the exit code of `stack deploy`: a rollback is a failed deploy.
/// </summary>
public sealed class ConvergenceWaiter
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private static readonly string[] FailedUpdateStates = { "rollback_started", "rollback_paused", "rollback_completed", "paused" };

    private readonly Target _target;

    public ConvergenceWaiter(Target target) => _target = target;

    /// <param name="services">Swarm service names to watch.</param>
    /// <param name="expectedImage">The image (without digest) every task must run; null: any.</param>
    /// <param name="before">The services as they were before the change: an update status they already had is old news.</param>
    public async Task WaitAsync(IReadOnlyCollection<string> services, string? expectedImage,
        IReadOnlyDictionary<string, ServiceState> before, TimeSpan timeout)
    {
        if (services.Count == 0) return;
        var deadline = _target.Clock.UtcNow + timeout;
        while (true)
        {
            var states = ServiceState.ParseAll(await _target.RunAsync(ServiceCommands.Inspect(services)).ConfigureAwait(false));
            bool Fresh(ServiceState state) => !before.TryGetValue(state.Name, out var old) || old.UpdateStartedAt != state.UpdateStartedAt;

            foreach (var state in states)
            {
                if (Fresh(state) && state.UpdateState is { } update && FailedUpdateStates.Contains(update))
                {
                    var (diagnostics, reason) = await DiagnoseAsync(new[] { state }, expectedImage).ConfigureAwait(false);
                    throw DeployErrors.Create(nameof(Strings.UpdateRolledBack), state.Name,
                        update + (state.UpdateMessage is { } m ? ": " + m : ""), reason is null ? "" : $" ({reason})").WithDetails(diagnostics);
                }
            }

            // While a rolling update is still going, its tasks cannot be done yet: one command per poll instead of two.
            var pending = states.Where(s => Fresh(s) && s.UpdateState is { } u && u != "completed").ToList();
            if (pending.Count == 0)
            {
                var tasks = TaskState.ParseAll(await _target.RunAsync(ServiceCommands.RunningTasks(services)).ConfigureAwait(false));
                pending = states.Where(s => !IsConverged(s, tasks.Where(t => t.Service == s.Name).ToArray(), expectedImage, Fresh(s))).ToList();
            }
            if (pending.Count == 0) return;

            if (_target.Clock.UtcNow >= deadline)
            {
                var (diagnostics, _) = await DiagnoseAsync(pending, expectedImage).ConfigureAwait(false);
                throw DeployErrors.Create(nameof(Strings.DeployTimedOut), string.Join(", ", pending.Select(p => p.Name)),
                    ((int)timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture)).WithDetails(diagnostics);
            }
            await _target.Delay(PollInterval).ConfigureAwait(false);
        }
    }

    internal static bool IsConverged(ServiceState state, IReadOnlyCollection<TaskState> shouldRun, string? expectedImage, bool freshUpdate)
    {
        if (freshUpdate && state.UpdateState is { } update && update != "completed") return false;
        var desired = state.Replicas ?? 0;
        if (shouldRun.Count != desired) return false;
        return shouldRun.All(t => t.IsRunning && (expectedImage is null || ServiceState.WithoutDigest(t.Image) == expectedImage));
    }

    /// <summary>
    /// The failing tasks' errors (`docker service ps --no-trunc`), what the health probe answered (the usual reason a
    /// rollout stalls) and the last lines of the newest one's log. Tasks of the new image that stopped count as failing:
    /// a rollback shuts them down without an error.
    /// </summary>
    /// <returns>The diagnostics, and the first failing task's reason in a few words (its health check's answer, else its error, else its last log line).</returns>
    internal async Task<(string Details, string? Reason)> DiagnoseAsync(IEnumerable<ServiceState> services, string? expectedImage)
    {
        var text = new StringBuilder();
        string? reason = null;
        foreach (var service in services)
        {
            var result = await _target.TryAsync(ServiceCommands.AllTasks(service.Name)).ConfigureAwait(false);
            var failed = TaskState.ParseAll(result.Stdout)
                .Where(t => t.HasFailed || (expectedImage is not null && !t.IsRunning && ServiceState.WithoutDigest(t.Image) == expectedImage))
                .Take(5).ToArray();
            if (failed.Length == 0) continue;
            text.Append('\n').Append($"  {service.Name}: failed tasks:");
            foreach (var task in failed)
                text.Append('\n').Append($"    {task.Name} on {task.Node}: {task.CurrentState}{(task.Error.Length > 0 ? ": " + task.Error : "")}");

            // A replacement task that has not started yet has no container: show the first one that ran.
            var shown = failed[0];
            var health = Array.Empty<string>();
            var lines = Array.Empty<string>();
            foreach (var task in failed.Take(3))
            {
                shown = task;
                health = await HealthOutputAsync(task.Id).ConfigureAwait(false);
                var logs = await _target.TryAsync(ServiceCommands.Logs(task.Id, tail: 20, follow: false)).ConfigureAwait(false);
                lines = (logs.Stdout + logs.Stderr).Split('\n').Where(l => l.Trim().Length > 0).ToArray();
                if (health.Length > 0 || lines.Length > 0) break;
            }

            // Every distinct answer: under load the last probe may only have timed out, hiding the answer that says why.
            reason ??= health.Length > 0 ? $"health check of {shown.Name}: {string.Join("; ", health.Distinct())}"
                : shown.Error.Length > 0 ? $"{shown.Name}: {shown.Error}"
                : lines.Length > 0 ? $"last log line of {shown.Name}: {lines[lines.Length - 1].Trim()}" : null;
            if (health.Length > 0)
            {
                text.Append('\n').Append($"  health check of {shown.Name}:");
                foreach (var line in health) text.Append('\n').Append("    ").Append(line);
            }
            if (lines.Length == 0) continue;
            text.Append('\n').Append($"  last log lines of {shown.Name}:");
            foreach (var line in lines) text.Append('\n').Append("    ").Append(line.TrimEnd('\r'));
        }
        return (text.ToString(), reason);
    }

    /// <summary>Best effort: the container may be on another node or gone.</summary>
    private async Task<string[]> HealthOutputAsync(string taskId)
    {
        var container = await _target.TryAsync(ServiceCommands.TaskContainer(taskId)).ConfigureAwait(false);
        if (!container.Succeeded || container.Stdout.Trim().Length == 0) return Array.Empty<string>();
        var health = await _target.TryAsync(ServiceCommands.ContainerHealth(container.Stdout.Trim())).ConfigureAwait(false);
        if (!health.Succeeded) return Array.Empty<string>();
        return health.Stdout.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Distinct().Take(3).ToArray();
    }
}
