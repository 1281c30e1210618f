using System;
using SuperDeploy.Deploy;
using SuperDeploy.Deploy.Execution;
using SuperDeploy.Model;
using SuperDeploy.Resources;

namespace SuperDeploy.Tasks;

/// <summary>`-t:SuperDeployPs`: the live state of the app's processes (table, or JSON with SuperDeployPsFormat=json).</summary>
public sealed class SuperDeployShowPs : DeployTaskBase
{
    /// <summary>`table` (default) or `json`.</summary>
    public string? Format { get; set; }

    protected override void Run(AppDefinition app, ICommandRunner runner, IDeployOutput output)
    {
        var format = string.IsNullOrWhiteSpace(Format) ? "table" : Format!.Trim().ToLowerInvariant();
        if (format != "table" && format != "json")
            throw DeployErrors.Create(nameof(Strings.InvalidDeployProperty), "SuperDeployPsFormat", Format!, "expected table or json");

        if (!TryReadNodes(app, out var nodes)) return;
        var target = new Target(runner, output, SystemClock.Instance, CancellationToken);
        var rows = new PsTable(target).ReadAsync(app.StackName, withNodes: nodes is not null).GetAwaiter().GetResult();
        if (rows.Count == 0 && format == "table")
            throw DeployErrors.Create(nameof(Strings.AppNotDeployed), app.App, runner.TargetDisplay);
        var text = format == "json" ? PsTable.FormatJson(rows) : PsTable.Format(rows);
        foreach (var line in text.TrimEnd('\n').Split('\n')) output.Line(line);
    }
}
