using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SuperDeploy.Deploy.Commands;
using SuperDeploy.Deploy.Execution;
using SuperDeploy.Model;
using SuperDeploy.Resources;

namespace SuperDeploy.Deploy;

/// <summary>
/// Live scaling: every entry validated first, then one `docker service scale`, then wait until converged. The new count
/// survives later deploys (see <see cref="LiveScale"/>): the services' declared-replicas label is left as it was.
/// </summary>
public sealed class Scaler
{
    private readonly Target _target;

    public Scaler(ICommandRunner runner, IDeployOutput output, IDeployClock clock, CancellationToken cancellationToken)
        => _target = new Target(runner, output, clock, cancellationToken);

    public async Task ScaleAsync(AppDefinition app, string spec, TimeSpan timeout)
    {
        var entries = ScaleSpec.Parse(spec, app);
        var names = (await _target.RunAsync(ServiceCommands.List(app.StackName)).ConfigureAwait(false))
            .Split('\n').Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();
        if (names.Length == 0) throw DeployErrors.Create(nameof(Strings.AppNotDeployed), app.App, _target.Runner.TargetDisplay);
        foreach (var entry in entries)
        {
            if (!names.Contains(LiveScale.SwarmName(app, entry.Process)))
                throw DeployErrors.Create(nameof(Strings.UnknownProcess), app.App, entry.Process.Name, string.Join(", ", names.Select(n => PsTable.ProcessName(app.App, n))));
        }

        var services = entries.Select(e => LiveScale.SwarmName(app, e.Process)).ToArray();
        var before = ServiceState.ParseAll(await _target.RunAsync(ServiceCommands.Inspect(services)).ConfigureAwait(false))
            .ToDictionary(s => s.Name, StringComparer.Ordinal);
        var summary = string.Join(", ", entries.Select(e =>
            $"{app.App}:{e.Process.Name} {(before.TryGetValue(LiveScale.SwarmName(app, e.Process), out var s) ? s.Replicas : null)?.ToString() ?? "?"} → {e.Replicas}"));

        var steps = new StepTimer(_target);
        await steps.RunAsync("scale", async () =>
        {
            await _target.RunAsync(ServiceCommands.Scale(entries.Select(e =>
                new KeyValuePair<string, int>(LiveScale.SwarmName(app, e.Process), e.Replicas)))).ConfigureAwait(false);
            await new ConvergenceWaiter(_target).WaitAsync(services, null, before, timeout).ConfigureAwait(false);
            return "scale " + summary;
        }).ConfigureAwait(false);

        var rows = await new PsTable(_target).ReadAsync(app.StackName).ConfigureAwait(false);
        _target.Output.Line("");
        foreach (var line in PsTable.Format(rows).TrimEnd('\n').Split('\n')) _target.Output.Line(line);
    }
}
