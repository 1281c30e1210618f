using Microsoft.Build.Framework;
using SuperDeploy.Deploy;
using SuperDeploy.Deploy.Execution;
using SuperDeploy.Model;

namespace SuperDeploy.Tasks;

/// <summary>
/// `dotnet publish -t:SuperDeploy`, after the image is built and pushed (or loaded): lock, swarm, edge, release,
/// stack deploy, wait healthy, route, record, prune, ps. See Deployer.
/// </summary>
public sealed class SuperDeployDeployApp : AppDeployTaskBase
{
    /// <summary>The full image reference PublishContainer produced, e.g. `127.0.0.1:5000/demo/api:3f2a1b0c9d8e`.</summary>
    [Required]
    public string Image { get; set; } = "";

    [Required]
    public string ImageTag { get; set; } = "";

    public string? Commit { get; set; }

    /// <summary>False when the image was loaded into the local engine (no registry): `--resolve-image never`.</summary>
    public bool ImageInRegistry { get; set; } = true;

    /// <summary>False when the image tag already existed and PublishContainer was skipped (_SuperDeployBuildImage did not run).</summary>
    public bool ImageBuilt { get; set; } = true;

    /// <summary>$(SuperDeployForce): rebuild the image and deploy even when nothing changed.</summary>
    public string? Force { get; set; }

    protected override void Run(AppDefinition app, ICommandRunner runner, IDeployOutput output)
    {
        if (CreateRequest(app, Image, ImageTag, Commit, ImageInRegistry) is not { } request) return;
        request = request with { ImageBuilt = ImageBuilt, Force = Flag("SuperDeployForce", Force) };
        Wait(new Deployer(runner, output, SystemClock.Instance, CancellationToken).DeployAsync(request));
    }
}
