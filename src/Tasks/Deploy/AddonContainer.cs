using System.Linq;
using System.Threading.Tasks;
using SuperDeploy.Deploy.Commands;
using SuperDeploy.Deploy.Nodes;
using SuperDeploy.Model;

namespace SuperDeploy.Deploy;

/// <summary>
/// Where `docker exec` in an addon's container runs (backup, restore, reading its password): the engine of the node its
/// running task is on, and the id of its healthy container there. One VM (no locator): the target's own engine, as
/// before. With nodes: <see cref="ServiceNodeLocator"/> finds the node; the manager's own engine when the addon runs
/// there, else that node's over SSH.
/// </summary>
public static class AddonContainer
{
    /// <param name="Engine">The engine to run `docker exec` against (the target's own while no task of the addon is running).</param>
    /// <param name="Id">The healthy container's id; null when there is none on that engine.</param>
    public sealed record Found(Target Engine, string? Id);

    public static async Task<Found> FindAsync(Target target, ServiceNodeLocator? nodes, AddonDefinition addon)
    {
        var engine = nodes is null ? target : await nodes.LocateAsync(addon.SwarmServiceName, $"addon '{addon.Name}'").ConfigureAwait(false);
        if (engine is null) return new Found(target, null);
        var id = (await engine.RunAsync(AddonCommands.HealthyContainer(addon)).ConfigureAwait(false))
            .Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
        return new Found(engine, id);
    }
}
