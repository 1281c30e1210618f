using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using SuperDeploy.Deploy.Commands;
using SuperDeploy.Model;

namespace SuperDeploy.Deploy;

/// <summary>
/// After a successful deploy or rollback: removes the app's secret versions the deploy no longer mounts (a changed
/// value is a new versioned name, so every change leaves the old one behind). Docker refuses to remove a secret a
/// service still mounts (a release job, say); that one stays until it is free. Best effort, like ReleasePruner.
/// </summary>
public sealed class SecretPruner
{
    private readonly Target _target;

    public SecretPruner(Target target) => _target = target;

    /// <returns>The step's line, or null when there was nothing to remove.</returns>
    public async Task<string?> PruneAsync(AppDefinition app, IReadOnlyList<AppSecret> current)
    {
        var listed = await _target.TryAsync(SecretCommands.ListAppSecrets(app)).ConfigureAwait(false);
        if (!listed.Succeeded) return null;
        var keep = new HashSet<string>(current.Select(s => s.SwarmName), StringComparer.Ordinal);
        var old = listed.Stdout.Split('\n').Select(l => l.Trim()).Where(n => n.Length > 0 && !keep.Contains(n)).ToList();
        if (old.Count == 0) return null;

        var removed = 0;
        foreach (var name in old)
        {
            if ((await _target.TryAsync(SecretCommands.Remove(name)).ConfigureAwait(false)).Succeeded) removed++;
            else _target.Output.Detail($"  kept secret {name}: still in use");
        }
        return $"secrets: removed {removed} old {(removed == 1 ? "version" : "versions")}" + (removed < old.Count ? $", {old.Count - removed} still in use" : "");
    }
}
