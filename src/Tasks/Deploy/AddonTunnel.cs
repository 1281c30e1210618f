using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using SuperDeploy.Deploy.Commands;
using SuperDeploy.Deploy.Execution;
using SuperDeploy.Model;
using SuperDeploy.Resources;

namespace SuperDeploy.Deploy;

/// <summary>
/// A port on the deploying machine that reaches an addon. Addon addresses are on the project's overlay network, which
/// the VM's own network stack cannot route to, so the tunnel has two halves: a relay container on that network (the
/// agent's `forward`, from a deployed app's image: every app image has the agent) published on the target's loopback
/// only, and, for a remote target, `ssh -N -L` from the laptop to that loopback port. For the local engine the relay
/// publishes the local port itself. Open until cancelled (Ctrl+C) or for a given time; closing stops ssh and removes
/// the relay, and a relay left by a killed run is replaced by the next one.
/// </summary>
public sealed class AddonTunnel
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    /// <summary>ssh is in the terminal's process group: Ctrl+C kills it just before MSBuild cancels the task.</summary>
    private static readonly TimeSpan CancelAfterSshExit = TimeSpan.FromSeconds(2);

    private readonly Target _target;
    private readonly string _ssh;
    private readonly Nodes.ServiceNodeLocator? _nodes;

    /// <param name="nodes">On a multi-node swarm: finds the node running the addon, whose engine reads its password for
    /// -p:UrlFile (null: the target's own engine, one VM). The relay always runs on the target's engine.</param>
    public AddonTunnel(Target target, string ssh = "ssh", Nodes.ServiceNodeLocator? nodes = null)
    {
        _target = target;
        _ssh = ssh;
        _nodes = nodes;
    }

    /// <summary>The declared addon of that name (any type), or SD3060.</summary>
    public static AddonDefinition Find(AppDefinition app, string? name) =>
        DeclaredAddon.Find(app, name, nameof(Strings.TunnelAddonInvalid), DeclaredAddon.All(app));

    /// <summary>What the tunnel prints: the local URL without the password.</summary>
    public static string DisplayUrl(AddonDefinition addon, int localPort) => AddonCredentials.Url(addon, null, "127.0.0.1", localPort);

    /// <summary>
    /// Opens the tunnel, prints one ✓ line, holds it until cancelled or <paramref name="duration"/> elapsed, closes it.
    /// With <paramref name="urlFile"/>, the full local URL (with the password, read from the running addon and kept in
    /// memory) is written there, mode 0600, and removed when the tunnel closes.
    /// </summary>
    public async Task RunAsync(AppDefinition app, AddonDefinition addon, int localPort, string? urlFile, TimeSpan? duration, TimeSpan timeout)
    {
        var image = await AgentImageAsync(app, addon).ConfigureAwait(false);
        var password = urlFile is null ? null : await PasswordAsync(addon).ConfigureAwait(false);
        var local = _target.Runner.IsLocal;
        if (!local) EnsureFree(addon, localPort);

        // A relay of a run that was killed (no cleanup) holds the name: replace it.
        await _target.TryAsync(TunnelCommands.RemoveRelay(addon)).ConfigureAwait(false);
        SshForward? ssh = null;
        var opened = false;
        try
        {
            await _target.RunAsync(TunnelCommands.StartRelay(addon, image, local ? localPort : null)).ConfigureAwait(false);
            await WaitListeningAsync(addon, timeout).ConfigureAwait(false);
            if (!local)
            {
                var relayPort = await RelayPortAsync(addon).ConfigureAwait(false);
                ssh = SshForward.Start(TunnelCommands.SshForward(((SshRunner)_target.Runner).Target, localPort, relayPort, _ssh), _ssh);
                await WaitForwardingAsync(addon, ssh, localPort, timeout).ConfigureAwait(false);
            }
            if (urlFile is not null) UrlFile.Write(urlFile, AddonCredentials.Url(addon, password, "127.0.0.1", localPort));
            opened = true;
            _target.Output.Line($"  ✓ tunnel: {DisplayUrl(addon, localPort)} -> {addon.Name} (Ctrl+C closes it)");
            await HoldAsync(addon, ssh, duration).ConfigureAwait(false);
        }
        finally
        {
            ssh?.Dispose();
            await RemoveRelayAsync(addon).ConfigureAwait(false);
            if (urlFile is not null && opened) UrlFile.Delete(urlFile);
            if (opened) _target.Output.Line($"  ✓ tunnel closed ({addon.Name})");
        }
    }

    /// <summary>The image of a deployed app of the project (this app's web first): it has the agent, and the node has it.</summary>
    private async Task<string> AgentImageAsync(AppDefinition app, AddonDefinition addon)
    {
        var services = (await _target.RunAsync(TunnelCommands.AppServices(app.Project)).ConfigureAwait(false))
            .Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)
            .OrderBy(s => s == $"{app.App}_{app.App}-web" ? 0 : s.StartsWith(app.App + "_", StringComparison.Ordinal) ? 1 : 2)
            .ThenBy(s => s, StringComparer.Ordinal)
            .ToArray();
        foreach (var service in services)
        {
            var image = await _target.TryAsync(TunnelCommands.ServiceImage(service)).ConfigureAwait(false);
            if (image.Succeeded && image.Stdout.Trim().Length > 0) return image.Stdout.Trim();
        }
        throw DeployErrors.Create(nameof(Strings.TunnelNoAgentImage), addon.Name, app.Project, _target.Runner.TargetDisplay);
    }

    private async Task<string> PasswordAsync(AddonDefinition addon)
    {
        var (engine, id) = await AddonContainer.FindAsync(_target, _nodes, addon).ConfigureAwait(false);
        var container = id ?? throw DeployErrors.Create(nameof(Strings.AddonNotRunning), addon.Name, engine.Runner.TargetDisplay, addon.SwarmServiceName);
        var read = await engine.TryAsync(AddonCommands.ReadPassword(container)).ConfigureAwait(false);
        var password = read.Stdout.TrimEnd('\r', '\n');
        if (!read.Succeeded || password.Length == 0)
            throw DeployErrors.Create(nameof(Strings.TunnelFailed), addon.Name,
                $"its password could not be read in container {container} (exit code {read.ExitCode}) for -p:UrlFile");
        return password;
    }

    /// <summary>A local port already taken (a local database on 5432) would make ssh fail after connecting: say so first.</summary>
    private static void EnsureFree(AddonDefinition addon, int localPort)
    {
        var probe = new TcpListener(IPAddress.Loopback, localPort);
        try
        {
            probe.Start();
        }
        catch (SocketException e)
        {
            throw DeployErrors.Create(nameof(Strings.TunnelFailed), addon.Name,
                $"127.0.0.1:{localPort} is in use on this machine ({e.Message}); pass -p:LocalPort=<a free port>");
        }
        finally
        {
            probe.Stop();
        }
    }

    private async Task WaitListeningAsync(AddonDefinition addon, TimeSpan timeout)
    {
        var deadline = _target.Clock.UtcNow + timeout;
        while (true)
        {
            var logs = await _target.TryAsync(TunnelCommands.RelayLogs(addon)).ConfigureAwait(false);
            if (logs.Stdout.Contains("superdeploy-forward: listening")) return;
            if (!logs.Succeeded || _target.Clock.UtcNow >= deadline)
                throw DeployErrors.Create(nameof(Strings.TunnelFailed), addon.Name,
                    $"the relay {TunnelCommands.RelayName(addon)} did not start listening: {(logs.Stdout + logs.Stderr).Trim()}");
            await _target.Delay(Poll).ConfigureAwait(false);
        }
    }

    private async Task<int> RelayPortAsync(AddonDefinition addon)
    {
        var text = (await _target.RunAsync(TunnelCommands.RelayPort(addon)).ConfigureAwait(false)).Trim();
        var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("127.0.0.1:", StringComparison.Ordinal)) ?? "";
        return int.TryParse(line.Substring(line.LastIndexOf(':') + 1), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var port)
            ? port
            : throw DeployErrors.Create(nameof(Strings.TunnelFailed), addon.Name, $"docker port printed no 127.0.0.1 port: '{text}'");
    }

    /// <summary>Until a connection to the local port is accepted: ssh listens only once it has connected and authenticated.</summary>
    private async Task WaitForwardingAsync(AddonDefinition addon, SshForward ssh, int localPort, TimeSpan timeout)
    {
        var deadline = _target.Clock.UtcNow + timeout;
        while (true)
        {
            _target.CancellationToken.ThrowIfCancellationRequested();
            if (ssh.HasExited) throw SshEnded(addon, ssh);
            using (var client = new TcpClient())
            {
                try
                {
#if NETFRAMEWORK
                    await client.ConnectAsync(IPAddress.Loopback, localPort).ConfigureAwait(false);
#else
                    await client.ConnectAsync(IPAddress.Loopback, localPort, _target.CancellationToken).ConfigureAwait(false);
#endif
                    return;
                }
                catch (SocketException) when (_target.Clock.UtcNow < deadline)
                {
                    // Not listening yet.
                }
                catch (SocketException e)
                {
                    throw DeployErrors.Create(nameof(Strings.TunnelFailed), addon.Name,
                        $"ssh did not open 127.0.0.1:{localPort} within {timeout.TotalSeconds:0} s ({e.Message}): {ssh.Stderr.Trim()}");
                }
            }
            await _target.Delay(Poll).ConfigureAwait(false);
        }
    }

    /// <summary>Until cancelled, the duration elapsed, or ssh ended (a lost connection: an error, unless it was Ctrl+C).</summary>
    private async Task HoldAsync(AddonDefinition addon, SshForward? ssh, TimeSpan? duration)
    {
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = _target.CancellationToken.Register(() => cancelled.TrySetResult(true));
        var waits = new List<Task> { cancelled.Task };
        if (duration is TimeSpan time) waits.Add(_target.Clock.Delay(time, CancellationToken.None));
        if (ssh is not null) waits.Add(ssh.Exited);
        var first = await Task.WhenAny(waits).ConfigureAwait(false);
        if (ssh is null || first != ssh.Exited) return;
        await Task.WhenAny(cancelled.Task, Task.Delay(CancelAfterSshExit)).ConfigureAwait(false);
        if (!_target.CancellationToken.IsCancellationRequested) throw SshEnded(addon, ssh);
    }

    private DeployException SshEnded(AddonDefinition addon, SshForward ssh)
    {
        var stderr = ssh.Stderr.Trim();
        if (ssh.ExitCode == 255 && _target.Runner is SshRunner runner && runner.Classify(stderr) is { } error) return error;
        return DeployErrors.Create(nameof(Strings.TunnelFailed), addon.Name, $"ssh exited with code {ssh.ExitCode}: {stderr}");
    }

    /// <summary>Never with the task's token: a cancelled tunnel still removes its relay.</summary>
    private async Task RemoveRelayAsync(AddonDefinition addon)
    {
        var command = TunnelCommands.RemoveRelay(addon);
        _target.Output.Detail("  $ " + command.Display);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            var result = await _target.Runner.RunAsync(command, null, limit.Token).ConfigureAwait(false);
            if (!result.Succeeded && !result.Stderr.Contains("No such container"))
                _target.Output.Warning($"The relay {TunnelCommands.RelayName(addon)} could not be removed: {result.Stderr.Trim()}");
        }
        catch (Exception e) when (e is DeployException or OperationCanceledException)
        {
            _target.Output.Warning($"The relay {TunnelCommands.RelayName(addon)} could not be removed: {e.Message}");
        }
    }
}
