using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SuperDeploy.Deploy.Commands;
using SuperDeploy.Deploy.Execution;
using SuperDeploy.Model;
using SuperDeploy.Resources;

namespace SuperDeploy.Deploy;

/// <summary>`docker service logs` for one process or all of an app's processes, streamed line by line.</summary>
public sealed class LogsReader
{
    private readonly Target _target;

    public LogsReader(ICommandRunner runner, IDeployOutput output, IDeployClock clock, CancellationToken cancellationToken)
        => _target = new Target(runner, output, clock, cancellationToken);

    public async Task ShowAsync(AppDefinition app, string? process, int? lines, bool follow)
    {
        var deployed = (await _target.RunAsync(ServiceCommands.List(app.StackName)).ConfigureAwait(false))
            .Split('\n').Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();
        if (deployed.Length == 0) throw DeployErrors.Create(nameof(Strings.AppNotDeployed), app.App, _target.Runner.TargetDisplay);

        string[] services;
        if (process is not null)
        {
            var definition = ScaleSpec.Find(app, process);
            var name = LiveScale.SwarmName(app, definition);
            if (definition.Kind == ProcessKind.Release || !deployed.Contains(name))
                throw DeployErrors.Create(nameof(Strings.UnknownProcess), app.App, process, string.Join(", ", deployed.Select(n => PsTable.ProcessName(app.App, n))));
            services = new[] { name };
        }
        else
        {
            services = deployed.OrderBy(n => n, StringComparer.Ordinal).ToArray();
        }

        // One `docker service logs` per service; followed ones run side by side until cancelled (Ctrl+C).
        var runs = services.Select(async service =>
        {
            var command = ServiceCommands.Logs(service, lines, follow);
            var result = await _target.TryAsync(command, line => _target.Output.Line(line)).ConfigureAwait(false);
            if (!result.Succeeded) throw _target.Failed(command, result);
        });
        if (follow) await Task.WhenAll(runs).ConfigureAwait(false);
        else foreach (var run in runs) await run.ConfigureAwait(false);
    }
}
