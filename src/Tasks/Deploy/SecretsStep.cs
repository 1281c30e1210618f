using System.Collections.Generic;
using System.Threading.Tasks;
using SuperDeploy.Deploy.Commands;
using SuperDeploy.Model;

namespace SuperDeploy.Deploy;

/// <summary>
/// Creates the Swarm secret of each SuperDeploySecret's current value when absent (a new value is a new versioned
/// name; an unchanged one already exists). Runs before the release, so the release job and the services mount the
/// same versions. Values go only to `docker secret create`'s stdin.
/// </summary>
public sealed class SecretsStep
{
    private readonly Target _target;

    public SecretsStep(Target target) => _target = target;

    /// <returns>The step's line, e.g. `secrets: 1 created, 2 unchanged`.</returns>
    public async Task<string?> EnsureAsync(AppDefinition app, IReadOnlyList<AppSecret> secrets)
    {
        var created = 0;
        foreach (var secret in secrets)
        {
            if (await ExistsAsync(secret.SwarmName).ConfigureAwait(false)) continue;
            var create = SecretCommands.CreateAppSecret(app, secret.SwarmName, secret.Value);
            var result = await _target.TryAsync(create).ConfigureAwait(false);
            // Only a secret created meanwhile (same name = same value) excuses a failure.
            if (!result.Succeeded && !await ExistsAsync(secret.SwarmName).ConfigureAwait(false)) throw _target.Failed(create, result);
            _target.Output.Detail($"  secret {secret.Name}: created {secret.SwarmName}");
            created++;
        }

        return $"secrets: {created} created, {secrets.Count - created} unchanged";
    }

    private async Task<bool> ExistsAsync(string name) =>
        (await _target.TryAsync(SecretCommands.Inspect(name)).ConfigureAwait(false)).Succeeded;
}
