using System;
using System.Collections.Generic;
using System.Linq;
using Release = SuperDeploy.Deploy.ReleaseHistory.Release;

namespace SuperDeploy.Deploy;

/// <summary>
/// Pure decisions over the release history (oldest first): which release a rollback returns to, and which release
/// records and local images a deploy may prune. No I/O, so every rule is unit tested.
/// </summary>
public static class ReleaseSelection
{
    /// <summary>
    /// The release before the one running: the newest record whose image differs from <paramref name="runningImage"/>
    /// (the newest record's image when nothing runs). A rollback is itself recorded, so rolling back twice returns to
    /// where it started, as `heroku rollback` does; an older release is reached by naming it.
    /// </summary>
    public static Release? Previous(IReadOnlyList<Release> history, string? runningImage)
    {
        if (history.Count == 0) return null;
        var current = runningImage is null ? history[history.Count - 1].Image : ServiceState.WithoutDigest(runningImage);
        return history.Reverse().FirstOrDefault(r => r.Image != current);
    }

    /// <summary>A release named by its record name (`superdeploy-release-api-20250131120000`) or its image tag (the newest with that tag).</summary>
    public static Release? Named(IReadOnlyList<Release> history, string name)
    {
        var wanted = name.Trim();
        return history.Reverse().FirstOrDefault(r => r.Name == wanted)
            ?? history.Reverse().FirstOrDefault(r => r.Tag == wanted);
    }

    /// <summary>
    /// What to prune after a deploy: the newest <paramref name="keep"/> records stay, older ones go; a local image of
    /// the app's repository goes unless a kept record or a service names it.
    /// </summary>
    /// <param name="history">The app's release records, oldest first, the deploy just made included.</param>
    /// <param name="inUse">Images that services or containers run now (digests allowed); never removed.</param>
    /// <param name="localImages">`repository:tag` of the images of this app on the target.</param>
    public static PrunePlan Prune(IReadOnlyList<Release> history, int keep, IEnumerable<string> inUse, IEnumerable<string> localImages)
    {
        if (keep < 1) throw new ArgumentOutOfRangeException(nameof(keep), keep, "At least the current release is kept.");
        var keptRecords = history.Skip(Math.Max(0, history.Count - keep)).ToArray();
        var removedRecords = history.Take(history.Count - keptRecords.Length).ToArray();
        var keptImages = new HashSet<string>(keptRecords.Select(r => r.Image), StringComparer.Ordinal);
        keptImages.UnionWith(inUse.Select(ServiceState.WithoutDigest));
        var removedImages = localImages
            .Where(i => !i.EndsWith(":<none>", StringComparison.Ordinal) && !keptImages.Contains(i))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(i => i, StringComparer.Ordinal)
            .ToArray();
        return new PrunePlan(keptRecords, removedRecords, removedImages);
    }

    /// <summary>`127.0.0.1:5000/demo/api:abc` -> `127.0.0.1:5000/demo/api` (a registry port is not a tag).</summary>
    public static string RepositoryOf(string image)
    {
        var name = ServiceState.WithoutDigest(image);
        var colon = name.LastIndexOf(':');
        return colon > name.LastIndexOf('/') ? name.Substring(0, colon) : name;
    }

    /// <summary>
    /// Whether an image reference names a registry (Docker's rule: a first path component with a '.' or ':', or
    /// `localhost`). An image without one was loaded into the local engine, and Swarm must not try to resolve it.
    /// </summary>
    public static bool IsInRegistry(string image)
    {
        var slash = image.IndexOf('/');
        if (slash < 0) return false;
        var first = image.Substring(0, slash);
        return first.IndexOf('.') >= 0 || first.IndexOf(':') >= 0 || first == "localhost";
    }
}

/// <param name="KeptRecords">Oldest first.</param>
/// <param name="RemovedRecords">Oldest first.</param>
/// <param name="RemovedImages">`repository:tag`, sorted.</param>
public sealed record PrunePlan(IReadOnlyList<Release> KeptRecords, IReadOnlyList<Release> RemovedRecords, IReadOnlyList<string> RemovedImages);
