using SuperDeploy.Deploy;
using SuperDeploy.Generators;
using SuperDeploy.Model;

namespace SuperDeploy.Tasks;

/// <summary>
/// What `SuperDeploy` and `SuperDeployRollback` share: the edge, lock and pruning properties, and the deploy request
/// (edge, settings, secrets from the environment, nodes, the stack renderer) for an image, so both deploy alike.
/// </summary>
public abstract class AppDeployTaskBase : DeployTaskBase
{
    /// <summary>Caddy 2.11.2+ makes passive health checks work for dynamic upstreams (caddyserver/caddy#7037).</summary>
    public const string DefaultCaddyImage = "caddy:2.11";

    public string? CaddyImage { get; set; }

    public string? EdgeHttpPort { get; set; }

    public string? EdgeHttpsPort { get; set; }

    public string? LockTimeout { get; set; }

    public string? BreakLock { get; set; }

    /// <summary>$(SuperDeployLockStaleAfter) in seconds: an older lock is reported as left by a crashed deploy.</summary>
    public string? LockStaleAfter { get; set; }

    /// <summary>$(SuperDeployKeepReleases): release records and local images kept on the target.</summary>
    public string? KeepReleases { get; set; }

    /// <summary>$(SuperDeployRegistry): logged in to on the target when credentials are in the environment.</summary>
    public string? Registry { get; set; }

    /// <returns>Null when the nodes are invalid or cannot pull the image (the errors are logged).</returns>
    protected DeployRequest? CreateRequest(AppDefinition app, string image, string imageTag, string? commit, bool imageInRegistry)
    {
        if (!TryReadNodes(app, out var nodes) || !ImageReachableBy(nodes, imageInRegistry, image)) return null;
        var caddyImage = string.IsNullOrWhiteSpace(CaddyImage) ? DefaultCaddyImage : CaddyImage!.Trim();
        var edge = EdgeDefinition.Create(app.Project, app.NetworkName, caddyImage,
            Port("SuperDeployEdgeHttpPort", EdgeHttpPort, 80), Port("SuperDeployEdgeHttpsPort", EdgeHttpsPort, 443), nodes?.EdgeConstraints);
        var settings = new DeploySettings(TimeoutValue, Seconds("SuperDeployLockTimeout", LockTimeout, DeploySettings.DefaultLockTimeout),
            Flag("SuperDeployBreakLock", BreakLock), DeployLock.DefaultHolder())
        {
            KeepReleases = Count("SuperDeployKeepReleases", KeepReleases, DeploySettings.DefaultKeepReleases),
            LockStaleAfter = Seconds("SuperDeployLockStaleAfter", LockStaleAfter, DeploySettings.DefaultLockStaleAfter),
        };
        // Values from the environment, all present, before anything changes on the target.
        var secrets = AppSecretValues.Read(app, System.Environment.GetEnvironmentVariable);
        var sources = AppSecretValues.Sources(secrets);
        return new DeployRequest(app, image, imageTag, string.IsNullOrWhiteSpace(commit) ? null : commit, imageInRegistry,
            (model, stackImage, replicas) => StackGenerator.Generate(model, stackImage,
                new StackOptions { Replicas = replicas, SecretSources = sources, NodesDeclared = nodes is not null }),
            edge, CaddySiteGenerator.Generate(app), settings, RegistryLogin.FromEnvironment(Registry))
        {
            Secrets = secrets,
            Nodes = nodes,
        };
    }
}
