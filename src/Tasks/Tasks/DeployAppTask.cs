using Microsoft.Build.Framework;
using SuperDeploy.Deploy;
using SuperDeploy.Deploy.Execution;
using SuperDeploy.Generators;
using SuperDeploy.Model;

namespace SuperDeploy.Tasks;

/// <summary>
/// `dotnet publish -t:SuperDeploy`, after the image is built and pushed (or loaded): lock, swarm, edge, release,
/// stack deploy, wait healthy, route, record, ps. See Deployer.
/// </summary>
public sealed class SuperDeployDeployApp : DeployTaskBase
{
    /// <summary>The full image reference PublishContainer produced, e.g. `127.0.0.1:5000/demo/api:3f2a1b0c9d8e`.</summary>
    [Required]
    public string Image { get; set; } = "";

    [Required]
    public string ImageTag { get; set; } = "";

    public string? Commit { get; set; }

    /// <summary>False when the image was loaded into the local engine (no registry): `--resolve-image never`.</summary>
    public bool ImageInRegistry { get; set; } = true;

    public string? CaddyImage { get; set; }

    public string? EdgeHttpPort { get; set; }

    public string? EdgeHttpsPort { get; set; }

    public string? LockTimeout { get; set; }

    public string? BreakLock { get; set; }

    /// <summary>$(SuperDeployRegistry): logged in to on the target when credentials are in the environment.</summary>
    public string? Registry { get; set; }

    /// <summary>$(SuperDeployKeepReleases): release records and local images kept on the target.</summary>
    public string? KeepReleases { get; set; }

    /// <summary>$(SuperDeployLockStaleAfter) in seconds: an older lock is reported as left by a crashed deploy.</summary>
    public string? LockStaleAfter { get; set; }

    protected override void Run(AppDefinition app, ICommandRunner runner, IDeployOutput output)
    {
        var caddyImage = string.IsNullOrWhiteSpace(CaddyImage) ? DefaultCaddyImage : CaddyImage!.Trim();
        var edge = EdgeDefinition.Create(app.Project, app.NetworkName, caddyImage,
            Port("SuperDeployEdgeHttpPort", EdgeHttpPort, 80), Port("SuperDeployEdgeHttpsPort", EdgeHttpsPort, 443));
        var settings = new DeploySettings(TimeoutValue, Seconds("SuperDeployLockTimeout", LockTimeout, DeploySettings.DefaultLockTimeout),
            Flag("SuperDeployBreakLock", BreakLock), DeployLock.DefaultHolder())
        {
            KeepReleases = Count("SuperDeployKeepReleases", KeepReleases, DeploySettings.DefaultKeepReleases),
            LockStaleAfter = Seconds("SuperDeployLockStaleAfter", LockStaleAfter, DeploySettings.DefaultLockStaleAfter),
        };
        var request = new DeployRequest(app, Image, ImageTag, string.IsNullOrWhiteSpace(Commit) ? null : Commit, ImageInRegistry,
            (model, image, replicas) => StackGenerator.Generate(model, image, new StackOptions { Replicas = replicas }),
            edge, CaddySiteGenerator.Generate(app), settings, RegistryLogin.FromEnvironment(Registry));
        Wait(new Deployer(runner, output, SystemClock.Instance, CancellationToken).DeployAsync(request));
    }

    /// <summary>Caddy 2.11.2+ makes passive health checks work for dynamic upstreams (caddyserver/caddy#7037).</summary>
    public const string DefaultCaddyImage = "caddy:2.11";
}
