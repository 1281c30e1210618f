using SuperDeploy.Deploy;
using SuperDeploy.Deploy.Execution;
using SuperDeploy.Model;

namespace SuperDeploy.Tasks;

/// <summary>
/// `dotnet msbuild -t:SuperDeployRollback [-p:Release=tag-or-record]`: a deploy of an earlier recorded release's image,
/// nothing built: lock, choose the release, swarm, edge, (release only with SuperDeployRollbackRunRelease=true), stack
/// deploy, wait healthy, route, record, prune, ps. The current project file's processes run with that image.
/// </summary>
public sealed class SuperDeployRollbackApp : AppDeployTaskBase
{
    /// <summary>$(Release): a release record name or image tag; empty: the release before the running one.</summary>
    public string? Release { get; set; }

    /// <summary>$(SuperDeployRollbackRunRelease): run the release process again on the old image.</summary>
    public string? RunRelease { get; set; }

    protected override void Run(AppDefinition app, ICommandRunner runner, IDeployOutput output)
    {
        // Image and tag are placeholders until the release is chosen under the lock (RollbackChooser).
        if (CreateRequest(app, "", "", null, imageInRegistry: true) is not { } request) return;
        request = request with
        {
            ImageBuilt = false,
            Rollback = new RollbackRequest(string.IsNullOrWhiteSpace(Release) ? null : Release!.Trim(), Flag("SuperDeployRollbackRunRelease", RunRelease)),
        };
        Wait(new Deployer(runner, output, SystemClock.Instance, CancellationToken).DeployAsync(request));
    }
}
