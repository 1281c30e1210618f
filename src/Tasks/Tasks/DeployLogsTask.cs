using System.Globalization;
using SuperDeploy.Deploy;
using SuperDeploy.Deploy.Execution;
using SuperDeploy.Model;
using SuperDeploy.Resources;

namespace SuperDeploy.Tasks;

/// <summary>`-t:SuperDeployLogs [-p:Process=worker] [-p:Lines=100] [-p:Follow=true]`: `docker service logs`.</summary>
public sealed class SuperDeployShowLogs : DeployTaskBase
{
    public string? Process { get; set; }

    public string? Lines { get; set; }

    public string? Follow { get; set; }

    protected override void Run(AppDefinition app, ICommandRunner runner, IDeployOutput output)
    {
        int? lines = null;
        if (!string.IsNullOrWhiteSpace(Lines) && Lines!.Trim() != "all")
        {
            if (!int.TryParse(Lines.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                throw DeployErrors.Create(nameof(Strings.InvalidDeployProperty), "Lines", Lines, "expected a whole number or 'all'");
            lines = count;
        }
        var process = string.IsNullOrWhiteSpace(Process) ? null : Process!.Trim();
        Wait(new LogsReader(runner, output, SystemClock.Instance, CancellationToken).ShowAsync(app, process, lines, Flag("Follow", Follow)));
    }
}
