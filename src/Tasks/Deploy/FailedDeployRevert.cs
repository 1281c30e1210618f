using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using SuperDeploy.Deploy.Commands;

namespace SuperDeploy.Deploy;

/// <summary>
/// When the new version does not become healthy, Swarm rolls back only the service whose health check failed; the
/// app's other processes (a worker, a cron) have already switched to the new image. This puts them back too, so a
/// failed deploy leaves the whole app on its previous version: `docker service rollback` for every service the deploy
/// changed, and removal of services it created (unless the app had none before: a failed first deploy stays for
/// diagnosis).
/// </summary>
public sealed class FailedDeployRevert
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly Target _target;

    public FailedDeployRevert(Target target) => _target = target;

    /// <summary>Runs the wait; on SD3009 or SD3010 reverts the app and rethrows with what was reverted.</summary>
    public async Task GuardAsync(Func<Task> waitHealthy, IReadOnlyCollection<string> services,
        IReadOnlyDictionary<string, ServiceState> before, TimeSpan timeout)
    {
        try
        {
            await waitHealthy().ConfigureAwait(false);
        }
        catch (DeployException e) when (e.Code is Validation.ErrorCodes.UpdateRolledBack or Validation.ErrorCodes.DeployTimedOut)
        {
            var reverted = await RevertAsync(services, before, timeout).ConfigureAwait(false);
            if (reverted.Length == 0) throw;
            var wrapped = new DeployException(e.Code, e.Message + " " + reverted);
            throw e.Details is { } details ? wrapped.WithDetails(details) : wrapped;
        }
    }

    /// <returns>A sentence saying what was reverted, or empty when nothing was.</returns>
    internal async Task<string> RevertAsync(IReadOnlyCollection<string> services, IReadOnlyDictionary<string, ServiceState> before, TimeSpan timeout)
    {
        if (before.Count == 0 || services.Count == 0) return "";
        var result = await _target.TryAsync(ServiceCommands.Inspect(services)).ConfigureAwait(false);
        var states = ServiceState.ParseAll(result.Stdout);

        var changed = states.Where(s => before.TryGetValue(s.Name, out var old) && Changed(old, s)).ToArray();
        // Swarm is already rolling back the service whose health check failed.
        var rollBack = changed.Where(s => !(s.UpdateState ?? "").StartsWith("rollback", StringComparison.Ordinal)).Select(s => s.Name).ToArray();
        var created = states.Where(s => !before.ContainsKey(s.Name)).Select(s => s.Name).ToArray();
        if (rollBack.Length == 0 && created.Length == 0) return "";

        foreach (var name in rollBack)
        {
            _target.Output.Line($"  rolling back {name} to its previous version");
            await _target.TryAsync(ServiceCommands.Rollback(name)).ConfigureAwait(false);
        }
        foreach (var name in created)
        {
            _target.Output.Line($"  removing {name}, which this deploy created");
            await _target.TryAsync(ServiceCommands.Remove(name)).ConfigureAwait(false);
        }

        var settled = await WaitRolledBackAsync(changed.Select(s => s.Name).ToArray(), before, timeout).ConfigureAwait(false);
        var parts = new List<string>();
        if (rollBack.Length > 0)
            parts.Add($"{string.Join(", ", rollBack)} {(rollBack.Length == 1 ? "was" : "were")} rolled back too{(settled ? "" : " (still converging)")}");
        if (created.Length > 0) parts.Add($"{string.Join(", ", created)} (new in this deploy) {(created.Length == 1 ? "was" : "were")} removed");
        return string.Join("; ", parts) + ".";
    }

    private static bool Changed(ServiceState old, ServiceState now) =>
        old.ImageWithoutDigest != now.ImageWithoutDigest || old.UpdatedAt != now.UpdatedAt;

    /// <summary>Until every service runs its previous image again on all desired replicas, bounded by the deploy's timeout.</summary>
    private async Task<bool> WaitRolledBackAsync(IReadOnlyCollection<string> services, IReadOnlyDictionary<string, ServiceState> before, TimeSpan timeout)
    {
        if (services.Count == 0) return true;
        var deadline = _target.Clock.UtcNow + timeout;
        while (true)
        {
            var states = ServiceState.ParseAll((await _target.TryAsync(ServiceCommands.Inspect(services)).ConfigureAwait(false)).Stdout)
                .Where(s => services.Contains(s.Name)).ToArray();
            var tasks = TaskState.ParseAll((await _target.TryAsync(ServiceCommands.RunningTasks(services)).ConfigureAwait(false)).Stdout);
            var done = states.Length == services.Count && states.All(s =>
            {
                var old = before[s.Name].ImageWithoutDigest;
                var running = tasks.Where(t => t.Service == s.Name).ToArray();
                return s.ImageWithoutDigest == old
                    && (s.UpdateState is null or "rollback_completed" or "completed")
                    && running.Length == (s.Replicas ?? running.Length)
                    && running.All(t => t.IsRunning && ServiceState.WithoutDigest(t.Image) == old);
            });
            if (done) return true;
            if (_target.Clock.UtcNow >= deadline) return false;
            await _target.Delay(PollInterval).ConfigureAwait(false);
        }
    }
}
