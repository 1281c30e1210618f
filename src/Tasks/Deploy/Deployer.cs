using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SuperDeploy.Deploy.Commands;
using SuperDeploy.Deploy.Execution;
using SuperDeploy.Model;

namespace SuperDeploy.Deploy;

/// <summary>
/// One deploy, in order: lock -> (rollback: choose the release) -> swarm and network -> read the app's services (refusing
/// another project's stack of the same name) -> edge -> addons -> secrets -> release -> stack deploy -> wait converged
/// (per DependsOn layer, see StackRollout; a failure reverts the whole app, FailedDeployRevert) -> route -> record
/// release -> keep the last releases (ReleasePruner) -> remove old secret versions (SecretPruner) -> ps table; the lock
/// is released whatever happens. A failing step stops everything after it, and the release runs before any service is
/// touched, so a failed release leaves the running version alone. When the image was not rebuilt and the app already
/// runs this very stack file, release, stack deploy and record are skipped: nothing restarts.
/// </summary>
public sealed class Deployer
{
    private readonly Target _target;

    public Deployer(ICommandRunner runner, IDeployOutput output, IDeployClock clock, CancellationToken cancellationToken)
        => _target = new Target(runner, output, clock, cancellationToken);

    public async Task DeployAsync(DeployRequest request)
    {
        var app = request.App;
        var settings = request.Settings;
        var steps = new StepTimer(_target);
        var swarm = new SwarmSetup(_target);
        var edge = new EdgeManager(_target, request.Nodes?.Locator(_target));
        var deployLock = new DeployLock(_target);

        _target.Output.Line(request.Rollback is null
            ? $"Deploying {app.App} ({request.Image}) to {_target.Runner.TargetDisplay}"
            : $"Rolling back {app.App} on {_target.Runner.TargetDisplay}");
        if (request.Nodes is { } nodes) await steps.RunAsync("nodes", () => nodes.CheckAsync(_target, app)).ConfigureAwait(false);
        await steps.RunAsync("lock", () => deployLock.AcquireAsync(app.App, settings.LockHolder, settings.LockTimeout, settings.BreakLock,
            settings.LockStaleAfter)).ConfigureAwait(false);
        try
        {
            if (request.Rollback is { } rollback)
            {
                await steps.RunAsync("rollback", async () =>
                {
                    (request, var line) = await new RollbackChooser(_target).ChooseAsync(request, rollback).ConfigureAwait(false);
                    return line;
                }).ConfigureAwait(false);
            }

            await steps.RunAsync("swarm", async () =>
            {
                var initialised = await swarm.EnsureSwarmAsync().ConfigureAwait(false);
                var created = await swarm.EnsureNetworkAsync(app.Project, app.NetworkName).ConfigureAwait(false);
                if (request.Login is { } login) await _target.RunAsync(RegistryCommands.Login(login)).ConfigureAwait(false);
                return "swarm" + (initialised ? " initialised" : "") + (created ? $", network {app.NetworkName} created" : "")
                    + (request.Login is { } l ? $", logged in to {l.Server}" : "");
            }).ConfigureAwait(false);

            // Read before anything of the app's is touched: it refuses a same-named stack of another project (SD3026).
            var rollout = await StackRollout.PlanAsync(_target, request).ConfigureAwait(false);

            await steps.RunAsync("edge", async () =>
                "edge " + await edge.EnsureAsync(request.Edge, swarm.StackDeployHasDetachFlag).ConfigureAwait(false)).ConfigureAwait(false);

            await steps.RunAsync("addons", () => new AddonsStep(_target) { NodesDeclared = request.Nodes is not null, Nodes = request.Nodes?.Locator(_target) }.EnsureAsync(app, swarm.StackDeployHasDetachFlag, settings.Timeout)).ConfigureAwait(false);
            if (request.Secrets.Count > 0) await steps.RunAsync("secrets", () => new SecretsStep(_target).EnsureAsync(app, request.Secrets)).ConfigureAwait(false);

            var unchanged = rollout.DeployedAlready && !request.ImageBuilt && !request.Force;
            if (unchanged)
            {
                // Same image (not rebuilt), same stack file: nothing to release or restart; only make sure it is healthy.
                await steps.RunAsync("unchanged", async () =>
                {
                    await new ConvergenceWaiter(_target).WaitAsync(rollout.Services, ServiceState.WithoutDigest(request.Image), rollout.Before,
                        settings.Timeout).ConfigureAwait(false);
                    return $"unchanged: {request.ImageTag} already deployed and healthy (no release, no restart)";
                }).ConfigureAwait(false);
            }
            else
            {
                if (app.Release is { } release && (request.Rollback?.RunRelease ?? true))
                {
                    await steps.RunAsync("release", () =>
                        new ReleaseRunner(_target) { NodesDeclared = request.Nodes is not null }.RunAsync(app, release, request.Image, request.ImageTag,
                            settings.Timeout, request.ImageInRegistry, request.SecretSources)).ConfigureAwait(false);
                }

                rollout.HealthyGuard = wait => new FailedDeployRevert(_target).GuardAsync(wait, rollout.Services, rollout.Before, settings.Timeout);
                await rollout.DeployAsync(steps, swarm.StackDeployHasDetachFlag, settings.Timeout).ConfigureAwait(false);
            }

            await steps.RunAsync("route", async () =>
            {
                var changed = await edge.RouteAsync(request.Edge, app.App, request.CaddySite, settings.Timeout).ConfigureAwait(false);
                return request.CaddySite is null ? (changed ? "route removed" : null) : "route " + (app.Domain ?? app.App);
            }).ConfigureAwait(false);

            if (!unchanged)
            {
                await steps.RunAsync("record", async () =>
                    "recorded " + await new ReleaseHistory(_target).RecordAsync(app.Project, app.App, request.Image, request.ImageTag, request.Commit)
                        .ConfigureAwait(false)).ConfigureAwait(false);

                await steps.RunAsync("releases", async () =>
                    (string?)await new ReleasePruner(_target).PruneAsync(app, request.Image, settings.KeepReleases).ConfigureAwait(false))
                    .ConfigureAwait(false);

                await steps.RunAsync("old secrets", () => new SecretPruner(_target).PruneAsync(app, request.Secrets)).ConfigureAwait(false);
            }

            var rows = await new PsTable(_target).ReadAsync(app.StackName, request.Nodes is not null).ConfigureAwait(false);
            _target.Output.Line("");
            foreach (var line in PsTable.Format(rows).TrimEnd('\n').Split('\n')) _target.Output.Line(line);
        }
        finally
        {
            await deployLock.ReleaseAsync(app.App).ConfigureAwait(false);
        }
    }
}
