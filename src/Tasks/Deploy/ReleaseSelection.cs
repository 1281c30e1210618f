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
    /// What to prune after a deploy: the newest <paramref name="keep"/> records stay, older ones go; a local image of the
    /// app's repository goes unless a kept record or something in use names it, by tag or by digest. Swarm pulls by
    /// digest, so most local images have no tag: when a kept record has no digest (written before digests were
    /// recorded), untagged images cannot be matched to it and all of them stay.
    /// </summary>
    /// <param name="history">The app's release records, oldest first, the deploy just made included.</param>
    /// <param name="inUse">Images that services or containers use now (`repo:tag`, `repo@sha256:..`, `repo:tag@sha256:..`).</param>
    /// <param name="localImages">The target's local images of the app's repository.</param>
    public static PrunePlan Prune(IReadOnlyList<Release> history, int keep, IEnumerable<string> inUse, IEnumerable<LocalImage> localImages)
    {
        if (keep < 1) throw new ArgumentOutOfRangeException(nameof(keep), keep, "At least the current release is kept.");
        var keptRecords = history.Skip(Math.Max(0, history.Count - keep)).ToArray();
        var removedRecords = history.Take(history.Count - keptRecords.Length).ToArray();

        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in keptRecords)
        {
            kept.Add(record.Image);
            if (record.Digest.Length > 0) kept.Add(RepositoryOf(record.Image) + "@" + record.Digest);
        }
        foreach (var image in inUse) kept.UnionWith(References(image));
        var untaggedUnknown = keptRecords.Any(r => r.Digest.Length == 0);

        var removedImages = localImages
            .Where(i => i.References.Count > 0 && !i.References.Any(kept.Contains))
            .Where(i => !untaggedUnknown || i.References.Any(r => r.IndexOf('@') < 0))
            .OrderBy(i => i.Id, StringComparer.Ordinal)
            .ToArray();
        return new PrunePlan(keptRecords, removedRecords, removedImages);
    }

    /// <summary>The references an image name stands for: `repo:tag@sha256:d` is both `repo:tag` and `repo@sha256:d`.</summary>
    public static IEnumerable<string> References(string image)
    {
        var at = image.IndexOf('@');
        if (at < 0) return new[] { image };
        var name = image.Substring(0, at);
        var digest = image.Substring(at);
        var repository = RepositoryOf(name);
        return repository == name ? new[] { name + digest } : new[] { name, repository + digest };
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
/// <param name="RemovedImages">Sorted by id.</param>
public sealed record PrunePlan(IReadOnlyList<Release> KeptRecords, IReadOnlyList<Release> RemovedRecords, IReadOnlyList<LocalImage> RemovedImages);

/// <summary>One image in the target's local store: its id and the references that name it (`repo:tag`, `repo@sha256:..`).</summary>
public sealed record LocalImage(string Id, IReadOnlyList<string> References)
{
    /// <summary>Parses `docker image ls --digests --no-trunc --format '{{.ID}}\t{{.Repository}}\t{{.Tag}}\t{{.Digest}}'` (a row per tag).</summary>
    public static IReadOnlyList<LocalImage> ParseAll(string output) =>
        output.Split('\n')
            .Select(l => l.TrimEnd('\r').Split('\t'))
            .Where(f => f.Length >= 4 && f[0].Trim().Length > 0)
            .GroupBy(f => f[0].Trim(), StringComparer.Ordinal)
            .Select(g => new LocalImage(g.Key, g.SelectMany(f => Refs(f[1].Trim(), f[2].Trim(), f[3].Trim())).Distinct(StringComparer.Ordinal).ToArray()))
            .ToArray();

    private static IEnumerable<string> Refs(string repository, string tag, string digest)
    {
        if (tag.Length > 0 && tag != "<none>") yield return repository + ":" + tag;
        if (digest.Length > 0 && digest != "<none>") yield return repository + "@" + digest;
    }
}
