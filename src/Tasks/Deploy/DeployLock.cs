using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using SuperDeploy.Deploy.Commands;
using SuperDeploy.Resources;

namespace SuperDeploy.Deploy;

/// <summary>Takes and releases the app's deploy lock (<see cref="LockCommands"/>), waiting for another deploy to finish.</summary>
public sealed class DeployLock
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    private readonly Target _target;

    public DeployLock(Target target) => _target = target;

    /// <summary>Who is deploying, for the lock's label: user, machine and process, plus the CI run when there is one.</summary>
    public static string DefaultHolder()
    {
        var ci = Environment.GetEnvironmentVariable("GITHUB_RUN_ID") is { Length: > 0 } run
            ? $" (GitHub run {run}{(Environment.GetEnvironmentVariable("GITHUB_REPOSITORY") is { Length: > 0 } repo ? " of " + repo : "")})"
            : "";
#if NETFRAMEWORK
        var pid = System.Diagnostics.Process.GetCurrentProcess().Id;
#else
        var pid = Environment.ProcessId;
#endif
        return $"{Environment.UserName}@{Environment.MachineName} pid {pid}{ci}";
    }

    /// <param name="staleAfter">A lock older than this was left by a crashed deploy: fail at once instead of waiting (null: never).</param>
    public async Task AcquireAsync(string app, string holder, TimeSpan timeout, bool breakLock, TimeSpan? staleAfter = null)
    {
        if (breakLock)
        {
            var existing = await InspectAsync(app).ConfigureAwait(false);
            if (existing is not null)
            {
                await _target.RunAsync(LockCommands.Release(app)).ConfigureAwait(false);
                _target.Output.Warning($"Removed the deploy lock of '{app}' held by {existing.Value.Holder} since {existing.Value.Since} (SuperDeployBreakLock=true).");
            }
        }

        var started = _target.Clock.UtcNow;
        var announced = false;
        while (true)
        {
            var since = _target.Clock.UtcNow.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            var command = LockCommands.Acquire(app, holder, since);
            var result = await _target.TryAsync(command).ConfigureAwait(false);
            if (result.Succeeded) return;
            if (result.Stderr.IndexOf("already exists", StringComparison.OrdinalIgnoreCase) < 0
                && result.Stderr.IndexOf("AlreadyExists", StringComparison.Ordinal) < 0)
            {
                throw _target.Failed(command, result);
            }

            var current = await InspectAsync(app).ConfigureAwait(false);
            if (current is null) continue; // released between our attempt and the look: try again at once

            if (staleAfter is { } limit && LockAge.Of(current.Value.Since, _target.Clock.UtcNow) is { } age && age > limit)
            {
                throw DeployErrors.Create(nameof(Strings.DeployLockStale), app, current.Value.Holder, current.Value.Since, LockAge.Format(age),
                    ((long)limit.TotalSeconds).ToString(CultureInfo.InvariantCulture));
            }

            var waited = _target.Clock.UtcNow - started;
            if (waited >= timeout)
            {
                throw DeployErrors.Create(nameof(Strings.DeployLockHeld), app, current.Value.Holder, current.Value.Since,
                    ((int)timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture));
            }
            if (!announced)
            {
                var held = LockAge.Of(current.Value.Since, _target.Clock.UtcNow) is { } a ? $" ({LockAge.Format(a)} ago)" : "";
                _target.Output.Line($"  waiting for the deploy lock of '{app}', held by {current.Value.Holder} since {current.Value.Since}{held}");
                announced = true;
            }
            var remaining = timeout - waited;
            await _target.Delay(remaining < PollInterval ? remaining : PollInterval).ConfigureAwait(false);
        }
    }

    /// <summary>Always called (finally), also after cancellation: so it does not take the deploy's token.</summary>
    public async Task ReleaseAsync(string app)
    {
        var result = await _target.TryAsync(LockCommands.Release(app), null, CancellationToken.None).ConfigureAwait(false);
        if (!result.Succeeded)
            _target.Output.Warning($"Could not remove the deploy lock of '{app}' ({result.Stderr.Trim()}); remove it with 'docker config rm {LockCommands.Name(app)}'.");
    }

    private async Task<(string Holder, string Since)?> InspectAsync(string app)
    {
        var result = await _target.TryAsync(LockCommands.Inspect(app)).ConfigureAwait(false);
        if (!result.Succeeded) return null;
        var parts = result.Stdout.Trim().Split('\t');
        return (parts[0], parts.Length > 1 ? parts[1] : "?");
    }
}
