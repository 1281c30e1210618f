using SuperDeploy.Deploy;
using SuperDeploy.Deploy.Execution;
using SuperDeploy.Model;

namespace SuperDeploy.Tasks;

/// <summary>`-t:SuperDeployScale -p:Scale="web=3 worker=10"`: live scale, validated first, converged before it returns.</summary>
public sealed class SuperDeployScaleApp : DeployTaskBase
{
    /// <summary>Not [Required]: an empty value gets SuperDeploy's own coded error with the expected syntax.</summary>
    public string Scale { get; set; } = "";

    protected override void Run(AppDefinition app, ICommandRunner runner, IDeployOutput output) =>
        Wait(new Scaler(runner, output, SystemClock.Instance, CancellationToken).ScaleAsync(app, Scale, TimeoutValue));
}
