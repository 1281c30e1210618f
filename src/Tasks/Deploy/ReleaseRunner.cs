using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using SuperDeploy.Deploy.Commands;
using SuperDeploy.Generators;
using SuperDeploy.Model;
using SuperDeploy.Resources;

namespace SuperDeploy.Deploy;

/// <summary>
/// Runs the app's release process once, to completion, on the new image, before any service is touched: a Swarm
/// replicated-job on the project network, its output shown, the job removed afterwards. Non-zero exit stops the deploy.
/// </summary>
public sealed class ReleaseRunner
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private static readonly string[] TerminalStates = { "complete", "failed", "rejected", "shutdown", "orphaned", "remove" };

    private readonly Target _target;

    /// <summary>A multi-node swarm: the job is placed on the release's role (ReleaseCommands.Create).</summary>
    public bool NodesDeclared { get; init; }

    public ReleaseRunner(Target target) => _target = target;

    /// <param name="secretSources">The app's SuperDeploySecret names to their Swarm secrets (null: none); attached addons always.</param>
    public async Task RunAsync(AppDefinition app, ProcessDefinition release, string image, string tag, TimeSpan timeout, bool resolveImage = true,
        IReadOnlyDictionary<string, string>? secretSources = null)
    {
        var job = ReleaseCommands.JobName(app.App, tag);
        // A job of the same name is left over only by a deploy that was killed; it has finished or is useless now.
        await _target.TryAsync(ReleaseCommands.Remove(job)).ConfigureAwait(false);
        await _target.RunAsync(ReleaseCommands.Create(app, release, image, job, resolveImage,
            ServiceSecrets.For(app, secretSources), NodesDeclared)).ConfigureAwait(false);
        try
        {
            var (state, exitCode, error) = await WaitAsync(app, release, job, timeout).ConfigureAwait(false);
            await ShowLogsAsync(job).ConfigureAwait(false);
            if (state != "complete" || exitCode != 0)
            {
                var why = error.Length > 0 ? error : state;
                throw DeployErrors.Create(nameof(Strings.ReleaseFailed), app.App, release.Name,
                    exitCode?.ToString(CultureInfo.InvariantCulture) ?? "none", why);
            }
        }
        finally
        {
            await _target.TryAsync(ReleaseCommands.Remove(job), null, System.Threading.CancellationToken.None).ConfigureAwait(false);
            await _target.TryAsync(ReleaseCommands.RemoveContainers(job), null, System.Threading.CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task<(string State, int? ExitCode, string Error)> WaitAsync(AppDefinition app, ProcessDefinition release, string job, TimeSpan timeout)
    {
        var deadline = _target.Clock.UtcNow + timeout;
        while (true)
        {
            var tasks = (await _target.RunAsync(ReleaseCommands.Tasks(job)).ConfigureAwait(false))
                .Split('\n').Select(t => t.Trim()).Where(t => t.Length > 0).ToArray();
            foreach (var task in tasks)
            {
                var status = (await _target.RunAsync(ReleaseCommands.TaskStatus(task)).ConfigureAwait(false)).Trim('\r', '\n').Split('\t');
                var state = status[0].Trim();
                if (!TerminalStates.Contains(state)) continue;
                int? exit = status.Length > 1 && int.TryParse(status[1].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var code)
                    ? code : null;
                return (state, exit, status.Length > 2 ? status[2].Trim() : "");
            }

            if (_target.Clock.UtcNow >= deadline)
            {
                await ShowLogsAsync(job).ConfigureAwait(false);
                throw DeployErrors.Create(nameof(Strings.ReleaseTimedOut), app.App, release.Name,
                    ((int)timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture));
            }
            await _target.Delay(PollInterval).ConfigureAwait(false);
        }
    }

    private async Task ShowLogsAsync(string job)
    {
        // Lines as they arrive keep stdout and stderr in order.
        await _target.TryAsync(ReleaseCommands.Logs(job), line =>
        {
            if (line.Trim().Length > 0) _target.Output.Line("    " + line.TrimEnd('\r'));
        }).ConfigureAwait(false);
    }
}
