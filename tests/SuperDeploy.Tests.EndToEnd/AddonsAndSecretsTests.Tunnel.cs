using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SuperDeploy.Tests.EndToEnd;

/// <summary>
/// SuperDeployTunnel against the Store's postgres (deployed with rows "first", "second" in step 103): a real psql on
/// this machine reads the rows through 127.0.0.1:LocalPort (ssh -L to a relay on the project network); closing the
/// tunnel stops ssh and removes the relay; the password is only ever in the -p:UrlFile file.
/// </summary>
public sealed partial class AddonsAndSecretsTests
{
    private string TunnelRelay => $"{Project}-tunnel-databases-primary";

    [Fact, Step(110)]
    public async Task ATunnelReachesThePostgresAddonFromThisMachineAndCtrlCClosesIt()
    {
        var localPort = FreePort();
        var urlFile = Path.Combine(_world.Workspace, "tunnel", "primary.url");
        var tunnel = StartTunnel(localPort, $"-p:UrlFile={urlFile}");
        await using var _ = tunnel;
        await tunnel.Opened();

        var url = (await File.ReadAllTextAsync(urlFile)).Trim();
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(urlFile));
        Assert.Matches($"^postgres://app:[A-Za-z0-9]{{32}}@127\\.0\\.0\\.1:{localPort}/app$", url);
        var password = url["postgres://app:".Length..url.IndexOf('@')];
        Assert.Equal(TunnelRelay, (await Shell.Docker("ps", "--filter", $"name=^{TunnelRelay}$", "--format", "{{.Names}}")).Output.Trim());

        Assert.Equal("first\nsecond", await PsqlAsync(url, "SELECT value FROM rows ORDER BY id"));
        // Several clients at once, each its own connection through ssh and the relay.
        var counts = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => PsqlAsync(url, "SELECT count(*) FROM rows")));
        Assert.All(counts, c => Assert.Equal("2", c));

        (await Shell.RunAsync("kill", ["-INT", tunnel.Pid.ToString()])).EnsureSuccess("kill -INT");
        var result = await tunnel.Run;
        _log.WriteLine(result.Output);
        Assert.Contains("✓ tunnel closed (databases.primary)", result.Output);
        Assert.DoesNotContain(": error ", result.Output);
        // MSBuild ends every build it cancelled (Ctrl+C) with exit code 1, whatever the task did; SIGTERM gives 0 (step 111).
        Assert.Equal(1, result.ExitCode);
        await AssertTunnelGoneAsync(localPort);
        Assert.False(File.Exists(urlFile));
        AssertAbsent(result.Output, "the tunnel's output", password);
    }

    [Fact, Step(111)]
    public async Task ATunnelReplacesAStaleRelayAndSigtermClosesItWithExitCode0()
    {
        // What a killed run (no cleanup) leaves behind: a container holding the relay's name.
        (await Shell.Docker("run", "--detach", "--name", TunnelRelay, "--entrypoint", "sleep", _world.Env.PostgresImage, "600"))
            .EnsureSuccess("stale relay");
        var localPort = FreePort();
        var tunnel = StartTunnel(localPort);
        await using var _ = tunnel;
        await tunnel.Opened();

        Assert.Equal("tunnel", (await Shell.Docker("inspect", "--format", "{{index .Config.Labels \"superdeploy.kind\"}}", TunnelRelay))
            .EnsureSuccess("inspect relay").Output.Trim());
        var container = await ContainerAsync(AddonService("databases-primary"));
        var password = (await Shell.Docker("exec", container, "cat", "/run/secrets/password")).EnsureSuccess("read password").Output.Trim();
        Assert.Equal("2", await PsqlAsync($"postgres://app:{password}@127.0.0.1:{localPort}/app", "SELECT count(*) FROM rows"));

        (await Shell.RunAsync("kill", ["-TERM", tunnel.Pid.ToString()])).EnsureSuccess("kill -TERM");
        var result = await tunnel.Run;
        _log.WriteLine(result.Output);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("✓ tunnel closed (databases.primary)", result.Output);
        await AssertTunnelGoneAsync(localPort);
        AssertAbsent(result.Output, "the tunnel's output", password);
    }

    private BackgroundTunnel StartTunnel(int localPort, params string[] properties)
    {
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pid = 0;
        var run = TimedProcess.RunAsync("dotnet",
            _world.MsBuildArguments(StoreApp, "SuperDeployTunnel", [.. Extra, "-p:Addon=databases.primary", $"-p:LocalPort={localPort}", .. properties]),
            StoreDirectory, _world.DotnetEnvironment(), TimeSpan.FromMinutes(4),
            onLine: line => { if (line.Text.Contains("✓ tunnel: postgres://app@127.0.0.1:" + localPort + "/app -> databases.primary")) opened.TrySetResult(); },
            onStarted: process => pid = process.Id);
        return new BackgroundTunnel(run, opened.Task, () => pid, TunnelRelay);
    }

    private sealed record BackgroundTunnel(Task<TimedProcess.Result> Run, Task OpenedTask, Func<int> PidOf, string Relay) : IAsyncDisposable
    {
        public int Pid => PidOf();

        /// <summary>A failed test leaves neither the msbuild process nor the relay (it would keep the project network in use).</summary>
        public async ValueTask DisposeAsync()
        {
            if (!Run.IsCompleted)
            {
                try { Process.GetProcessById(Pid).Kill(entireProcessTree: true); } catch (ArgumentException) { } catch (InvalidOperationException) { }
                try { await Run; } catch (TimeoutException) { }
            }
            await Shell.Docker("rm", "--force", Relay);
        }

        /// <summary>Until the ✓ line; a run that ends first (an error) fails the test with its output.</summary>
        public async Task Opened()
        {
            var first = await Task.WhenAny(OpenedTask, Run).WaitAsync(TimeSpan.FromMinutes(4));
            if (first != OpenedTask) throw new Xunit.Sdk.XunitException("SuperDeployTunnel ended before it opened:\n" + (await Run).Output);
        }
    }

    /// <summary>psql from the postgres image on the host network: a client on this machine, like a laptop's.</summary>
    private async Task<string> PsqlAsync(string url, string sql) =>
        (await Shell.Docker("run", "--rm", "--network", "host", "--entrypoint", "psql", _world.Env.PostgresImage, url, "-At", "-c", sql))
            .EnsureSuccess("psql through the tunnel").Output.Trim();

    /// <summary>The relay container is removed and nothing listens on the local port any more (ssh is gone).</summary>
    private async Task AssertTunnelGoneAsync(int localPort)
    {
        Assert.Equal("", (await Shell.Docker("ps", "-a", "--filter", $"name=^{TunnelRelay}$", "--format", "{{.Names}}")).Output.Trim());
        using var client = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, localPort));
    }
}
