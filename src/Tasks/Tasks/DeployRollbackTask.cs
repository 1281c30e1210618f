using SuperDeploy.Deploy;
using SuperDeploy.Deploy.Execution;
using SuperDeploy.Generators;
using SuperDeploy.Model;

namespace SuperDeploy.Tasks;

/// <summary>
/// `dotnet msbuild -t:SuperDeployRollback [-p:Release=tag-or-record]`: a deploy of an earlier recorded release's image,
/// nothing built: lock, choose the release, swarm, edge, (release only with SuperDeployRollbackRunRelease=true), stack
/// deploy, wait healthy, route, record, prune, ps. The current project file's processes run with that image.
/// </summary>
public sealed class SuperDeployRollbackApp : DeployTaskBase
{
    /// <summary>$(Release): a release record name or image tag; empty: the release before the running one.</summary>
    public string? Release { get; set; }

    /// <summary>$(SuperDeployRollbackRunRelease): run the release process again on the old image.</summary>
    public string? RunRelease { get; set; }

    public string? CaddyImage { get; set; }

    public string? EdgeHttpPort { get; set; }

    public string? EdgeHttpsPort { get; set; }

    public string? LockTimeout { get; set; }

    public string? BreakLock { get; set; }

    public string? LockStaleAfter { get; set; }

    public string? KeepReleases { get; set; }

    /// <summary>$(SuperDeployRegistry): logged in to on the target when credentials are in the environment.</summary>
    public string? Registry { get; set; }

    protected override void Run(AppDefinition app, ICommandRunner runner, IDeployOutput output)
    {
        var caddyImage = string.IsNullOrWhiteSpace(CaddyImage) ? SuperDeployDeployApp.DefaultCaddyImage : CaddyImage!.Trim();
        var edge = EdgeDefinition.Create(app.Project, app.NetworkName, caddyImage,
            Port("SuperDeployEdgeHttpPort", EdgeHttpPort, 80), Port("SuperDeployEdgeHttpsPort", EdgeHttpsPort, 443));
        var settings = new DeploySettings(TimeoutValue, Seconds("SuperDeployLockTimeout", LockTimeout, DeploySettings.DefaultLockTimeout),
            Flag("SuperDeployBreakLock", BreakLock), DeployLock.DefaultHolder())
        {
            KeepReleases = Count("SuperDeployKeepReleases", KeepReleases, DeploySettings.DefaultKeepReleases),
            LockStaleAfter = Seconds("SuperDeployLockStaleAfter", LockStaleAfter, DeploySettings.DefaultLockStaleAfter),
        };
        // Image and tag are placeholders until the release is chosen under the lock (RollbackChooser).
        var request = new DeployRequest(app, "", "", null, true,
            (model, image, replicas) => StackGenerator.Generate(model, image, new StackOptions { Replicas = replicas }),
            edge, CaddySiteGenerator.Generate(app), settings, RegistryLogin.FromEnvironment(Registry))
        {
            Rollback = new RollbackRequest(string.IsNullOrWhiteSpace(Release) ? null : Release!.Trim(), Flag("SuperDeployRollbackRunRelease", RunRelease)),
        };
        Wait(new Deployer(runner, output, SystemClock.Instance, CancellationToken).DeployAsync(request));
    }
}
