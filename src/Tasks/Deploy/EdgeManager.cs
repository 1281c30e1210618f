using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using SuperDeploy.Deploy.Commands;
using SuperDeploy.Model;
using SuperDeploy.Resources;

namespace SuperDeploy.Deploy;

/// <summary>
/// Keeps the project's Caddy edge running and routes apps through it. The edge stack is deployed only when it is
/// missing or its file changed (a running edge is never restarted otherwise); an app's site is swapped in with a
/// graceful reload, and put back as it was if Caddy rejects it, so other apps' routes never break.
/// </summary>
public sealed class EdgeManager
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly Target _target;
    private readonly Nodes.ServiceNodeLocator? _edgeNode;

    /// <param name="edgeNode">On a multi-node swarm: finds the engine running Caddy (null: the target's own engine, one VM).</param>
    public EdgeManager(Target target, Nodes.ServiceNodeLocator? edgeNode = null)
    {
        _target = target;
        _edgeNode = edgeNode;
    }

    /// <returns>"unchanged", "deployed" or "updated".</returns>
    public async Task<string> EnsureAsync(EdgeDefinition edge, bool detachFlag)
    {
        var hash = Hash(edge.StackYaml);
        var stack = Conventions.EdgeStackName(edge.Project);
        var services = (await _target.RunAsync(ServiceCommands.List(stack)).ConfigureAwait(false))
            .Split('\n').Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();

        if (services.Contains(edge.ServiceName))
        {
            var current = await _target.RunAsync(ServiceCommands.Label(edge.ServiceName, DeployLabels.EdgeHash)).ConfigureAwait(false);
            if (current.Trim() == hash) return "unchanged";
        }

        // The stack mounts the root Caddyfile as an external config: it must exist first. Its name carries a hash of
        // its content, so an existing one is always the right one.
        if (!(await _target.TryAsync(EdgeCommands.InspectCaddyfile(edge.CaddyfileConfigName)).ConfigureAwait(false)).Succeeded)
        {
            var create = EdgeCommands.CreateCaddyfile(edge.Project, edge.CaddyfileConfigName, edge.Caddyfile);
            var created = await _target.TryAsync(create).ConfigureAwait(false);
            if (!created.Succeeded && created.Stderr.IndexOf("already exists", StringComparison.OrdinalIgnoreCase) < 0)
                throw _target.Failed(create, created);
        }

        var yaml = StackYaml.LabelAllServices(edge.StackYaml, new System.Collections.Generic.Dictionary<string, string> { [DeployLabels.EdgeHash] = hash });
        await _target.RunAsync(EdgeCommands.Deploy(edge.Project, yaml, detachFlag)).ConfigureAwait(false);
        return services.Length == 0 ? "deployed" : "updated";
    }

    /// <summary>Writes the app's site (or removes it when the app has no web process) and reloads Caddy.</summary>
    /// <returns>False when there was nothing to do (no site before, none now).</returns>
    public async Task<bool> RouteAsync(EdgeDefinition edge, string app, string? site, TimeSpan timeout)
    {
        // The container's commands run on the engine that runs it (the target's own, unless the edge is on another node).
        var (node, container) = await FindContainerAsync(edge, timeout).ConfigureAwait(false);
        var previous = await node.TryAsync(EdgeCommands.ReadSite(container, app)).ConfigureAwait(false);
        string? before = previous.Succeeded ? previous.Stdout : null;
        if (site is null && before is null) return false;
        if (site is not null && before == site) return true; // same routes: nothing to reload

        await node.RunAsync(EdgeCommands.EnsureSitesDirectory(container)).ConfigureAwait(false);
        await ReplaceAsync(node, container, app, site).ConfigureAwait(false);
        var reload = EdgeCommands.Reload(container, edge.ReloadArgv);
        var result = await ReloadAsync(node, reload, timeout).ConfigureAwait(false);
        if (result.Succeeded) return true;

        await ReplaceAsync(node, container, app, before).ConfigureAwait(false);
        await node.TryAsync(reload).ConfigureAwait(false);
        throw DeployErrors.Create(nameof(Strings.EdgeReloadFailed), app, (result.Stderr + result.Stdout).Trim());
    }

    /// <summary>A Caddy that has just started may not listen on its admin endpoint yet: retry that, nothing else.</summary>
    private async Task<Execution.CommandResult> ReloadAsync(Target node, Command reload, TimeSpan timeout)
    {
        var deadline = _target.Clock.UtcNow + timeout;
        while (true)
        {
            var result = await node.TryAsync(reload).ConfigureAwait(false);
            var notListening = result.Stderr.IndexOf("connection refused", StringComparison.OrdinalIgnoreCase) >= 0;
            if (result.Succeeded || !notListening || _target.Clock.UtcNow >= deadline) return result;
            await _target.Delay(PollInterval).ConfigureAwait(false);
        }
    }

    private static async Task ReplaceAsync(Target node, string container, string app, string? site)
    {
        if (site is null)
        {
            await node.RunAsync(EdgeCommands.RemoveSite(container, app)).ConfigureAwait(false);
            return;
        }
        await node.RunAsync(EdgeCommands.WriteSite(container, app, site)).ConfigureAwait(false);
        await node.RunAsync(EdgeCommands.CommitSite(container, app)).ConfigureAwait(false);
    }

    private async Task<(Target Node, string Container)> FindContainerAsync(EdgeDefinition edge, TimeSpan timeout)
    {
        var deadline = _target.Clock.UtcNow + timeout;
        while (true)
        {
            var node = _edgeNode is null ? _target : await _edgeNode.LocateEdgeAsync(edge.ServiceName).ConfigureAwait(false);
            var ids = node is null ? Array.Empty<string>() : (await node.RunAsync(EdgeCommands.FindContainer(edge.ServiceName)).ConfigureAwait(false))
                .Split('\n').Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();
            if (ids.Length > 0) return (node!, ids[0]);
            if (_target.Clock.UtcNow >= deadline)
            {
                throw DeployErrors.Create(nameof(Strings.EdgeNotRunning), edge.Project, Conventions.EdgeStackName(edge.Project),
                    _target.Runner.TargetDisplay, ((int)timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture), edge.ServiceName);
            }
            await _target.Delay(PollInterval).ConfigureAwait(false);
        }
    }

    internal static string Hash(string text) => Hashes.Sha256Hex(text.Replace("\r\n", "\n"), 24);
}
