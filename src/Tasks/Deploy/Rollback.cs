using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using SuperDeploy.Deploy.Commands;
using SuperDeploy.Model;
using SuperDeploy.Resources;

namespace SuperDeploy.Deploy;

/// <summary>`-t:SuperDeployRollback`: which release to return to, and whether its release process runs again.</summary>
/// <param name="Release">A record name or image tag (`-p:Release=`); null: the release before the running one.</param>
/// <param name="RunRelease">SuperDeployRollbackRunRelease: off by default, the release already ran when that version was deployed.</param>
public sealed record RollbackRequest(string? Release, bool RunRelease);

/// <summary>
/// Picks the release a rollback deploys, under the deploy lock so a deploy that just finished is seen, and turns the
/// deploy request into one for that release's image. The rest is a normal deploy: stack deploy, health-gated wait,
/// route, record (a rollback is a release too), prune, ps.
/// </summary>
public sealed class RollbackChooser
{
    private readonly Target _target;

    public RollbackChooser(Target target) => _target = target;

    /// <returns>The request for the chosen release, and the step's line.</returns>
    public async Task<(DeployRequest Request, string Line)> ChooseAsync(DeployRequest request, RollbackRequest rollback)
    {
        var app = request.App;
        var history = await new ReleaseHistory(_target).ListAsync(app.App).ConfigureAwait(false);
        var running = await RunningImageAsync(app).ConfigureAwait(false);
        var recorded = history.Count == 0 ? "none" : string.Join(", ", history.Reverse().Select(r => $"{r.Tag} ({r.Time})"));

        ReleaseHistory.Release chosen;
        if (rollback.Release is { Length: > 0 } name)
        {
            chosen = ReleaseSelection.Named(history, name)
                ?? throw DeployErrors.Create(nameof(Strings.RollbackReleaseUnknown), app.App, name, _target.Runner.TargetDisplay, recorded);
        }
        else
        {
            chosen = ReleaseSelection.Previous(history, running)
                ?? throw DeployErrors.Create(nameof(Strings.NothingToRollBack), app.App, _target.Runner.TargetDisplay, recorded);
        }

        var next = request with
        {
            Image = chosen.Image,
            ImageTag = chosen.Tag,
            Commit = chosen.Commit.Length > 0 ? chosen.Commit : null,
            ImageInRegistry = ReleaseSelection.IsInRegistry(chosen.Image),
        };
        var from = running is null ? "" : $" from {ServiceState.TagOf(running)}";
        return (next, $"rollback to {chosen.Tag}{from} (release of {chosen.Time})");
    }

    /// <summary>The image the app's web process runs (else its first service); null when the app is not deployed.</summary>
    private async Task<string?> RunningImageAsync(AppDefinition app)
    {
        var names = (await _target.RunAsync(ServiceCommands.List(app.StackName)).ConfigureAwait(false))
            .Split('\n').Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();
        if (names.Length == 0) return null;
        var states = ServiceState.ParseAll(await _target.RunAsync(ServiceCommands.Inspect(names)).ConfigureAwait(false));
        var preferred = app.OfKind(ProcessKind.Web).Concat(app.Services).Select(p => LiveScale.SwarmName(app, p));
        var first = preferred.Select(n => states.FirstOrDefault(s => s.Name == n)).FirstOrDefault(s => s is not null) ?? states.FirstOrDefault();
        return first?.ImageWithoutDigest;
    }
}
