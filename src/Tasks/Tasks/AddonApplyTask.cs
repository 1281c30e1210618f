using SuperDeploy.Deploy;
using SuperDeploy.Deploy.Execution;
using SuperDeploy.Model;

namespace SuperDeploy.Tasks;

/// <summary>
/// `-t:SuperDeployAddonApply -p:Addon=caches.main -p:Confirm=true`: restarts a running addon with its changed declaration
/// (what a deploy leaves alone, SD3052). Shows what changes; without Confirm=true it changes nothing (SD3066).
/// </summary>
public sealed class SuperDeployApplyAddon : DeployTaskBase
{
    public string? Addon { get; set; }

    public string? Confirm { get; set; }

    protected override void Run(AppDefinition app, ICommandRunner runner, IDeployOutput output)
    {
        var addon = AddonApply.Find(app, Addon);
        var confirmed = Flag("Confirm", Confirm);
        if (!TryReadNodes(app, out var nodes)) return;
        var target = new Target(runner, output, SystemClock.Instance, CancellationToken);
        output.Line($"Applying addon {addon.Name} on {runner.TargetDisplay}");
        var apply = new AddonApply(target) { NodesDeclared = nodes is not null };
        Wait(new StepTimer(target).RunAsync("addon " + addon.Name, async () =>
            (string?)await apply.ApplyAsync(addon, confirmed, TimeoutValue).ConfigureAwait(false)));
    }
}
