using System;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using SuperDeploy.Deploy.Commands;
using SuperDeploy.Resources;

namespace SuperDeploy.Deploy;

/// <summary>Makes sure the target is a swarm manager with the project's overlay network, and learns what its CLI supports.</summary>
public sealed class SwarmSetup
{
    private readonly Target _target;

    public SwarmSetup(Target target) => _target = target;

    /// <summary>Whether `docker stack deploy` takes --detach (CLI 26+; older CLIs never wait anyway).</summary>
    public bool StackDeployHasDetachFlag { get; private set; }

    /// <returns>True when a swarm was initialised.</returns>
    public async Task<bool> EnsureSwarmAsync()
    {
        var info = (await _target.RunAsync(SwarmCommands.Info()).ConfigureAwait(false)).Trim().Split('\t');
        var state = info[0];
        var manager = info.Length > 1 && info[1] == "true";
        var initialised = false;

        if (state == "inactive")
        {
            if (!_target.Runner.IsLocal) throw DeployErrors.Create(nameof(Strings.RemoteSwarmInactive), _target.Runner.TargetDisplay);
            await _target.RunAsync(SwarmCommands.Init()).ConfigureAwait(false);
            initialised = true;
        }
        else if (state != "active" || !manager)
        {
            throw DeployErrors.Create(nameof(Strings.NotSwarmManager), _target.Runner.TargetDisplay, manager ? state : $"{state}, not a manager");
        }

        await ReadClientVersionAsync().ConfigureAwait(false);
        return initialised;
    }

    /// <summary>Sets <see cref="StackDeployHasDetachFlag"/> from the target's docker CLI (done by <see cref="EnsureSwarmAsync"/>).</summary>
    public async Task ReadClientVersionAsync()
    {
        var version = await _target.TryAsync(SwarmCommands.ClientVersion()).ConfigureAwait(false);
        StackDeployHasDetachFlag = version.Succeeded && MajorVersion(version.Stdout) >= 26;
    }

    /// <returns>True when the network was created.</returns>
    public async Task<bool> EnsureNetworkAsync(string project, string network)
    {
        if (await NetworkExistsAsync(network).ConfigureAwait(false)) return false;
        var create = SwarmCommands.CreateNetwork(project, network);
        var result = await _target.TryAsync(create).ConfigureAwait(false);
        if (result.Succeeded) return true;
        // Another app of the project may have created it meanwhile.
        if (await NetworkExistsAsync(network).ConfigureAwait(false)) return false;
        throw _target.Failed(create, result);
    }

    private async Task<bool> NetworkExistsAsync(string network)
    {
        var names = await _target.RunAsync(SwarmCommands.FindNetwork(network)).ConfigureAwait(false);
        return names.Split('\n').Any(n => n.Trim() == network);
    }

    internal static int MajorVersion(string version)
    {
        var digits = new string(version.Trim().TakeWhile(char.IsDigit).ToArray());
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? major : 0;
    }
}
