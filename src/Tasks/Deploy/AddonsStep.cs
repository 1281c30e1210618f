using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using SuperDeploy.Deploy.Commands;
using SuperDeploy.Generators;
using SuperDeploy.Model;
using SuperDeploy.Resources;

namespace SuperDeploy.Deploy;

/// <summary>
/// Before the release: each addon the app attaches gets its credentials (created once, never regenerated), its own stack
/// (deployed only when absent; a running addon whose spec differs is left alone with a warning, since changing it
/// restarts the database), and is waited for until healthy. An app deploy never restarts an addon.
/// </summary>
public sealed class AddonsStep
{
    private readonly Target _target;

    public AddonsStep(Target target) => _target = target;

    /// <summary>A multi-node swarm (SuperDeployNode items): an addon's Vm places it (<see cref="StackPlacement.AddonConstraints"/>).</summary>
    public bool NodesDeclared { get; init; }

    /// <summary>A multi-node swarm: finds the node running an addon, whose engine reads its password (null: the target's own).</summary>
    public Nodes.ServiceNodeLocator? Nodes { get; init; }

    /// <returns>The step's line, e.g. `addons: databases.primary created, caches.main unchanged`; null when the app attaches none.</returns>
    public async Task<string?> EnsureAsync(AppDefinition app, bool detachFlag, TimeSpan timeout)
    {
        var addons = app.AttachedAddons.Select(a => a.Addon).Distinct().ToArray();
        if (addons.Length == 0) return null;
        var states = new List<string>();
        foreach (var addon in addons)
        {
            await EnsureSecretsAsync(addon).ConfigureAwait(false);
            states.Add($"{addon.Name} {await EnsureStackAsync(addon, detachFlag).ConfigureAwait(false)}");
        }

        foreach (var addon in addons)
        {
            await new ConvergenceWaiter(_target).WaitAsync(new[] { addon.SwarmServiceName }, null,
                new Dictionary<string, ServiceState>(), timeout).ConfigureAwait(false);
        }
        return "addons: " + string.Join(", ", states);
    }

    /// <summary>Deploy step 2 of docs/addons.md: every secret the addon and its apps mount, from one password.</summary>
    public async Task EnsureSecretsAsync(AddonDefinition addon)
    {
        if (!await ExistsAsync(addon.PasswordSecret).ConfigureAwait(false))
        {
            var password = AddonCredentials.NewPassword();
            var contents = AddonCredentials.SecretContents(addon, password);
            var create = SecretCommands.CreateAddonSecret(addon, contents[0].Key, contents[0].Value);
            var result = await _target.TryAsync(create).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                // Another app's deploy created it meanwhile, with its own password: never overwrite, let the retry read it.
                if (await ExistsAsync(addon.PasswordSecret).ConfigureAwait(false))
                    throw DeployErrors.Create(nameof(Strings.AddonPasswordUnavailable), addon.Name, addon.PasswordSecret,
                        "another deploy created it at the same time; deploy again");
                throw _target.Failed(create, result);
            }
            _target.Output.Detail($"  addon {addon.Name}: created {addon.PasswordSecret}");
            await CreateMissingAsync(addon, contents.Skip(1)).ConfigureAwait(false);
            return;
        }

        var missing = new List<string>();
        foreach (var name in AddonCredentials.SecretContents(addon, "x").Skip(1).Select(s => s.Key))
        {
            if (!await ExistsAsync(name).ConfigureAwait(false)) missing.Add(name);
        }
        if (missing.Count == 0) return;

        // The URL secret's name changed (host, user or database), or one was removed: rebuild it from the password the
        // running addon holds. Never a new password for an existing addon.
        var (engine, id) = await AddonContainer.FindAsync(_target, Nodes, addon).ConfigureAwait(false);
        var container = id ?? throw DeployErrors.Create(nameof(Strings.AddonPasswordUnavailable), addon.Name, addon.PasswordSecret,
            $"{string.Join(", ", missing)} missing and no healthy {addon.SwarmServiceName} container on {engine.Runner.TargetDisplay} to read the password from");
        var read = await engine.TryAsync(AddonCommands.ReadPassword(container)).ConfigureAwait(false);
        var existing = read.Stdout.TrimEnd('\r', '\n');
        if (!read.Succeeded || existing.Length == 0)
            throw DeployErrors.Create(nameof(Strings.AddonPasswordUnavailable), addon.Name, addon.PasswordSecret,
                $"reading it in {container} failed (exit code {read.ExitCode})");
        await CreateMissingAsync(addon, AddonCredentials.SecretContents(addon, existing).Where(s => missing.Contains(s.Key))).ConfigureAwait(false);
    }

    /// <returns>`created`, `unchanged` or `changed (not applied)`.</returns>
    public async Task<string> EnsureStackAsync(AddonDefinition addon, bool detachFlag)
    {
        var label = await _target.TryAsync(AddonCommands.SpecLabel(addon)).ConfigureAwait(false);
        var wanted = AddonStackGenerator.SpecHash(addon, NodesDeclared);
        if (!label.Succeeded)
        {
            await _target.RunAsync(AddonCommands.Deploy(addon, AddonStackGenerator.Generate(addon, NodesDeclared), detachFlag)).ConfigureAwait(false);
            return "created";
        }
        if (label.Stdout.Trim() == wanted) return "unchanged";

        _target.Output.Warning(DeployErrors.Format(nameof(Strings.AddonSpecChanged), addon.Name, addon.SwarmServiceName));
        return "changed (not applied)";
    }

    private async Task CreateMissingAsync(AddonDefinition addon, IEnumerable<KeyValuePair<string, string>> secrets)
    {
        foreach (var secret in secrets)
        {
            if (await ExistsAsync(secret.Key).ConfigureAwait(false)) continue;
            await _target.RunAsync(SecretCommands.CreateAddonSecret(addon, secret.Key, secret.Value)).ConfigureAwait(false);
            _target.Output.Detail($"  addon {addon.Name}: created {secret.Key}");
        }
    }

    private async Task<bool> ExistsAsync(string name) =>
        (await _target.TryAsync(SecretCommands.Inspect(name)).ConfigureAwait(false)).Succeeded;
}
