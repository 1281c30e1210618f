using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using SuperDeploy.Deploy.Commands;
using SuperDeploy.Deploy.Execution;
using SuperDeploy.Model;
using SuperDeploy.Resources;

namespace SuperDeploy.Deploy;

/// <summary>
/// Postgres backup and restore through the addon's own container (`docker exec -i`), streamed to or from a file on the
/// deploying machine: pg_dump's custom format out, pg_restore (clean, one transaction) in. Needs no database client
/// and no published port. With nodes, the commands run on the engine of the node the addon runs on (<see cref="AddonContainer"/>).
/// </summary>
public sealed class AddonBackup
{
    private readonly Target _target;
    private readonly Nodes.ServiceNodeLocator? _nodes;

    /// <param name="nodes">On a multi-node swarm: finds the node running the addon (null: the target's own engine, one VM).</param>
    public AddonBackup(Target target, Nodes.ServiceNodeLocator? nodes = null)
    {
        _target = target;
        _nodes = nodes;
    }

    /// <summary>The declared postgres addon of that name, or SD3053.</summary>
    public static AddonDefinition Find(AppDefinition app, string? name)
    {
        var declared = app.AddonDefinitions.Where(a => a.Type == AddonType.Postgres).Select(a => a.Name).ToArray();
        var list = declared.Length == 0 ? "it declares no postgres addon" : "postgres addons: " + string.Join(", ", declared);
        var addon = DeclaredAddon.Find(app, name, nameof(Strings.BackupAddonInvalid), list);
        if (addon.Type != AddonType.Postgres)
            throw DeployErrors.Create(nameof(Strings.BackupAddonInvalid), addon.Name, $"it is {addon.TypeName}; only postgres has a backup", list);
        return addon;
    }

    /// <returns>The size of the backup in bytes.</returns>
    public async Task<long> BackupAsync(AddonDefinition addon, string file)
    {
        var (engine, container) = await ContainerAsync(addon).ConfigureAwait(false);
        var command = AddonCommands.Exec(container, AddonTools.PostgresDump(addon));
        _target.Output.Detail("  $ " + command.Display);
        var full = Path.GetFullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // A partial dump never takes the place of a good file: write aside, move when pg_dump succeeded.
        var partial = full + ".partial";
        try
        {
            int exit;
            string stderr;
            using (var output = File.Create(partial))
            {
                (exit, stderr) = await StreamingProcess.RunAsync(StreamingProcess.ProgramArgv(engine.Runner, command), null, output,
                    _target.CancellationToken).ConfigureAwait(false);
            }
            if (exit != 0) throw DeployErrors.Create(nameof(Strings.BackupFailed), "pg_dump", addon.Name, exit, stderr.Trim());
            if (File.Exists(full)) File.Delete(full);
            File.Move(partial, full);
            return new FileInfo(full).Length;
        }
        finally
        {
            if (File.Exists(partial)) File.Delete(partial);
        }
    }

    public async Task RestoreAsync(AddonDefinition addon, string file)
    {
        var full = Path.GetFullPath(file);
        if (!File.Exists(full)) throw DeployErrors.Create(nameof(Strings.BackupFileMissing), full);
        var (engine, container) = await ContainerAsync(addon).ConfigureAwait(false);
        var command = AddonCommands.Exec(container, AddonTools.PostgresRestore(addon));
        _target.Output.Detail("  $ " + command.Display);
        using var input = File.OpenRead(full);
        var (exit, stderr) = await StreamingProcess.RunAsync(StreamingProcess.ProgramArgv(engine.Runner, command), input, null,
            _target.CancellationToken).ConfigureAwait(false);
        if (exit != 0) throw DeployErrors.Create(nameof(Strings.BackupFailed), "pg_restore", addon.Name, exit, stderr.Trim());
    }

    /// <summary>The engine running the addon's healthy container, and its id; SD3056 when there is none.</summary>
    private async Task<(Target Engine, string Container)> ContainerAsync(AddonDefinition addon)
    {
        var found = await AddonContainer.FindAsync(_target, _nodes, addon).ConfigureAwait(false);
        return (found.Engine, found.Id
            ?? throw DeployErrors.Create(nameof(Strings.AddonNotRunning), addon.Name, found.Engine.Runner.TargetDisplay, addon.SwarmServiceName));
    }
}
