using System.Globalization;
using SuperDeploy.Deploy;
using SuperDeploy.Deploy.Execution;
using SuperDeploy.Model;
using SuperDeploy.Resources;

namespace SuperDeploy.Tasks;

/// <summary>
/// `-t:SuperDeployBackup -p:Addon=databases.primary -p:BackupFile=path`: pg_dump of a postgres addon to a local file, run
/// on the engine of the node the addon runs on (@(SuperDeployNode)).
/// </summary>
public sealed class SuperDeployBackupAddon : DeployTaskBase
{
    public string? Addon { get; set; }

    public string? BackupFile { get; set; }

    protected override void Run(AppDefinition app, ICommandRunner runner, IDeployOutput output)
    {
        var addon = AddonBackup.Find(app, Addon);
        var file = AddonBackupFiles.Required(BackupFile);
        if (!TryReadNodes(app, out var nodes)) return;
        var target = new Target(runner, output, SystemClock.Instance, CancellationToken);
        var bytes = new AddonBackup(target, nodes?.Locator(target)).BackupAsync(addon, file).GetAwaiter().GetResult();
        output.Line($"  ✓ backup {addon.Name} -> {System.IO.Path.GetFullPath(file)} ({bytes.ToString(CultureInfo.InvariantCulture)} bytes)");
    }
}

/// <summary>
/// `-t:SuperDeployRestore -p:Addon=databases.primary -p:BackupFile=path -p:Confirm=true`: replaces the addon's data with
/// a SuperDeployBackup file. Without Confirm=true it changes nothing (SD3054).
/// </summary>
public sealed class SuperDeployRestoreAddon : DeployTaskBase
{
    public string? Addon { get; set; }

    public string? BackupFile { get; set; }

    public string? Confirm { get; set; }

    protected override void Run(AppDefinition app, ICommandRunner runner, IDeployOutput output)
    {
        var addon = AddonBackup.Find(app, Addon);
        var file = AddonBackupFiles.Required(BackupFile);
        if (!Flag("Confirm", Confirm))
            throw DeployErrors.Create(nameof(Strings.RestoreNotConfirmed), addon.Name, System.IO.Path.GetFullPath(file));
        if (!TryReadNodes(app, out var nodes)) return;
        var target = new Target(runner, output, SystemClock.Instance, CancellationToken);
        new AddonBackup(target, nodes?.Locator(target)).RestoreAsync(addon, file).GetAwaiter().GetResult();
        output.Line($"  ✓ restore {addon.Name} <- {System.IO.Path.GetFullPath(file)}");
    }
}

internal static class AddonBackupFiles
{
    public static string Required(string? file) =>
        string.IsNullOrWhiteSpace(file)
            ? throw DeployErrors.Create(nameof(Strings.InvalidDeployProperty), "BackupFile", "", "expected the path of the backup file")
            : file!.Trim();
}
