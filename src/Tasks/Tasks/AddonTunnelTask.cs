using System;
using System.Threading;
using SuperDeploy.Deploy;
using SuperDeploy.Deploy.Execution;
using SuperDeploy.Model;

namespace SuperDeploy.Tasks;

/// <summary>
/// `-t:SuperDeployTunnel -p:Addon=databases.primary [-p:LocalPort=5432] [-p:UrlFile=path] [-p:TunnelSeconds=N]`: a port on
/// 127.0.0.1 of this machine that reaches the addon, open until Ctrl+C (or SIGTERM, or TunnelSeconds).
/// </summary>
public sealed class SuperDeployTunnelAddon : DeployTaskBase
{
    public string? Addon { get; set; }

    /// <summary>Default: the addon type's port (5432, 6379, 5672).</summary>
    public string? LocalPort { get; set; }

    /// <summary>Where to write the full URL, password included (mode 0600, removed when the tunnel closes).</summary>
    public string? UrlFile { get; set; }

    /// <summary>Closes the tunnel after this many seconds (scripts); empty: open until cancelled.</summary>
    public string? TunnelSeconds { get; set; }

    protected override void Run(AppDefinition app, ICommandRunner runner, IDeployOutput output)
    {
        var addon = AddonTunnel.Find(app, Addon);
        var localPort = Port("LocalPort", LocalPort, addon.Port);
        TimeSpan? duration = string.IsNullOrWhiteSpace(TunnelSeconds) ? null : Seconds("TunnelSeconds", TunnelSeconds, TimeSpan.Zero);
        var urlFile = string.IsNullOrWhiteSpace(UrlFile) ? null : UrlFile!.Trim();
        if (!TryReadNodes(app, out var nodes)) return;
        var target = new Target(runner, output, SystemClock.Instance, CancellationToken);
        // Ctrl+C makes MSBuild cancel the build (which then exits 1 whatever the task does); SIGTERM (kill, a script,
        // a process manager) closes the tunnel as a normal end, exit code 0. The dotnet CLI ends the process as soon as
        // the SIGTERM handlers have returned, so this one returns only once the tunnel is closed (relay removed).
        var closed = new ManualResetEventSlim();
        using var terminate = OnSigterm(() =>
        {
            Cancel();
            closed.Wait(TimeSpan.FromSeconds(60));
        });
        try
        {
            new AddonTunnel(target, nodes: nodes?.Locator(target)).RunAsync(app, addon, localPort, urlFile, duration, TimeoutValue).GetAwaiter().GetResult();
        }
        finally
        {
            closed.Set();
        }
    }

    private static IDisposable? OnSigterm(Action close)
    {
#if NETFRAMEWORK
        return null;
#else
        try
        {
            return System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                close();
            });
        }
        catch (PlatformNotSupportedException)
        {
            return null;
        }
#endif
    }
}
