using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using SuperDeploy.Deploy.Commands;
using SuperDeploy.Model;

namespace SuperDeploy.Deploy;

/// <summary>
/// After a successful deploy or rollback: keeps the newest N release records and the target's local images they name
/// (SuperDeployKeepReleases), removes older records and the other local images of the app's repository. An image a
/// service runs, or returns to on `docker service rollback`, is never removed; the registry is left alone, and on a
/// multi-node swarm only the engine the deploy talks to (the manager) is pruned.
/// </summary>
public sealed class ReleasePruner
{
    private readonly Target _target;

    public ReleasePruner(Target target) => _target = target;

    /// <returns>The step's line. Best effort: the deploy has succeeded, so a failure here is a warning.</returns>
    public async Task<string> PruneAsync(AppDefinition app, string image, int keep)
    {
        try
        {
            return await PruneOrThrowAsync(app, image, keep).ConfigureAwait(false);
        }
        catch (DeployException e)
        {
            _target.Output.Warning($"Could not remove old releases of '{app.App}': {e.Message}");
            return "old releases left in place";
        }
    }

    private async Task<string> PruneOrThrowAsync(AppDefinition app, string image, int keep)
    {
        var records = await new ReleaseHistory(_target).ListAsync(app.App).ConfigureAwait(false);
        var local = LocalImage.ParseAll(await _target.RunAsync(ImageCommands.List(ReleaseSelection.RepositoryOf(image))).ConfigureAwait(false));
        var plan = ReleaseSelection.Prune(records, keep, Array.Empty<string>(), local);
        // What is in use only ever protects an image: ask the engine only when something would be removed.
        if (plan.RemovedImages.Count > 0) plan = ReleaseSelection.Prune(records, keep, await InUseAsync(app).ConfigureAwait(false), local);

        foreach (var record in plan.RemovedRecords)
            await _target.TryAsync(ReleaseRecordCommands.Remove(record.Name)).ConfigureAwait(false);

        var removed = 0;
        var left = new List<string>();
        foreach (var old in plan.RemovedImages)
        {
            // Swarm keeps the stopped containers of a few old tasks per slot; they pin the image, and they belong to
            // releases beyond the kept ones.
            var stopped = Lines((await _target.TryAsync(ImageCommands.StoppedContainers(app.StackName, old.Id)).ConfigureAwait(false)).Stdout);
            if (stopped.Count > 0) await _target.TryAsync(ImageCommands.RemoveContainers(stopped)).ConfigureAwait(false);
            var result = await _target.TryAsync(ImageCommands.Remove(old.References)).ConfigureAwait(false);
            if (result.Succeeded) removed++;
            else left.Add(string.Join(", ", old.References));
        }
        foreach (var stillUsed in left) _target.Output.Detail($"  kept {stillUsed}: still in use");

        var kept = "kept " + Count(plan.KeptRecords.Count, "release");
        if (removed == 0 && plan.RemovedRecords.Count == 0) return kept;
        return $"{kept}, removed {Count(removed, "image")} and {Count(plan.RemovedRecords.Count, "release record")}";
    }

    /// <summary>The images the app's services run or would roll back to, and those of every running container on the engine.</summary>
    private async Task<IEnumerable<string>> InUseAsync(AppDefinition app)
    {
        var images = new List<string>();
        var services = Lines(await _target.RunAsync(ServiceCommands.List(app.StackName)).ConfigureAwait(false));
        if (services.Count > 0)
        {
            var specs = await _target.RunAsync(ImageCommands.ServiceImages(services)).ConfigureAwait(false);
            images.AddRange(specs.Split('\n', '\t').Select(s => s.Trim()).Where(s => s.Length > 0));
        }
        images.AddRange(Lines(await _target.RunAsync(ImageCommands.RunningContainerImages()).ConfigureAwait(false)));
        return images;
    }

    private static List<string> Lines(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

    private static string Count(int n, string what) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + what + (n == 1 ? "" : "s");
}
