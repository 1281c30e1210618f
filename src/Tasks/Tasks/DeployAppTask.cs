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

    /// <summary>False when the image tag already existed and PublishContainer was skipped (_SuperDeployBuildImage did not run).</summary>
    public bool ImageBuilt { get; set; } = true;

    /// <summary>$(SuperDeployForce): rebuild the image and deploy even when nothing changed.</summary>
    public string? Force { get; set; }

    protected override void Run(AppDefinition app, ICommandRunner runner, IDeployOutput output)
    {
        if (!TryReadNodes(app, out var nodes) || !ImageReachableBy(nodes, ImageInRegistry, Image)) return;
        var caddyImage = string.IsNullOrWhiteSpace(CaddyImage) ? DefaultCaddyImage : CaddyImage!.Trim();
        var edge = EdgeDefinition.Create(app.Project, app.NetworkName, caddyImage,
            Port("SuperDeployEdgeHttpPort", EdgeHttpPort, 80), Port("SuperDeployEdgeHttpsPort", EdgeHttpsPort, 443), nodes?.EdgeConstraints);
        var settings = new DeploySettings(TimeoutValue, Seconds("SuperDeployLockTimeout", LockTimeout, DeploySettings.DefaultLockTimeout),
            Flag("SuperDeployBreakLock", BreakLock), DeployLock.DefaultHolder());
        // Values from the environment, all present, before anything changes on the target.
        var secrets = AppSecretValues.Read(app, System.Environment.GetEnvironmentVariable);
        var sources = AppSecretValues.Sources(secrets);
        var request = new DeployRequest(app, Image, ImageTag, string.IsNullOrWhiteSpace(Commit) ? null : Commit, ImageInRegistry,
            (model, image, replicas) => StackGenerator.Generate(model, image,
                new StackOptions { Replicas = replicas, SecretSources = sources, NodesDeclared = nodes is not null }),
            edge, CaddySiteGenerator.Generate(app), settings, RegistryLogin.FromEnvironment(Registry))
        {
            Secrets = secrets,
            Nodes = nodes,
            ImageBuilt = ImageBuilt,
            Force = Flag("SuperDeployForce", Force),
        };
        Wait(new Deployer(runner, output, SystemClock.Instance, CancellationToken).DeployAsync(request));
    }

    /// <summary>Caddy 2.11.2+ makes passive health checks work for dynamic upstreams (caddyserver/caddy#7037).</summary>
    public const string DefaultCaddyImage = "caddy:2.11";
}
