using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using SuperDeploy.Deploy.Commands;

namespace SuperDeploy.Deploy;

/// <summary>The app's release history as Swarm configs (<see cref="ReleaseRecordCommands"/>); ReleasePruner keeps the newest few.</summary>
public sealed class ReleaseHistory
{
    private readonly Target _target;

    public ReleaseHistory(Target target) => _target = target;

    /// <param name="Digest">`sha256:...` the services ran, empty when unknown (older records, images never pulled by digest).</param>
    public sealed record Release(string Name, string Image, string Tag, string Commit, string Time, string Digest = "");

    /// <returns>The record's name.</returns>
    public async Task<string> RecordAsync(string project, string app, string image, string tag, string? commit)
    {
        var now = _target.Clock.UtcNow;
        var create = ReleaseRecordCommands.Create(project, app, image, tag, commit, now, await DigestAsync(app, image).ConfigureAwait(false));
        var result = await _target.TryAsync(create).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            // Two deploys of one app within a second: the lock makes this a retry of a record that exists.
            if (result.Stderr.IndexOf("already exists", StringComparison.OrdinalIgnoreCase) < 0) throw _target.Failed(create, result);
        }
        return ReleaseRecordCommands.Name(app, now);
    }

    /// <summary>Oldest first.</summary>
    public async Task<IReadOnlyList<Release>> ListAsync(string app)
    {
        var prefix = ReleaseRecordCommands.NamePrefix + app + "-";
        var output = await _target.RunAsync(ReleaseRecordCommands.List(app)).ConfigureAwait(false);
        return output.Split('\n')
            .Select(l => l.TrimEnd('\r').Split('\t'))
            .Where(f => f.Length >= 5 && f[0].StartsWith(prefix, StringComparison.Ordinal)
                && f[0].Substring(prefix.Length).All(char.IsDigit)) // not the history of an app named "<app>-x"
            .Select(f => new Release(f[0], f[1], f[2], f[3], f[4], f.Length > 5 ? f[5].Trim() : ""))
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The digest Swarm pinned the app's services to for <paramref name="image"/> (stack name = app), if any.</summary>
    private async Task<string?> DigestAsync(string stack, string image)
    {
        var names = (await _target.TryAsync(ServiceCommands.List(stack)).ConfigureAwait(false)).Stdout
            .Split('\n').Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();
        if (names.Length == 0) return null;
        var states = ServiceState.ParseAll((await _target.TryAsync(ServiceCommands.Inspect(names)).ConfigureAwait(false)).Stdout);
        var pinned = states.Select(s => s.Image).FirstOrDefault(i => ServiceState.WithoutDigest(i) == image && i.IndexOf('@') > 0);
        return pinned?.Substring(pinned.IndexOf('@') + 1);
    }
}
