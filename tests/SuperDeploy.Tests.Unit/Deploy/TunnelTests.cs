using SuperDeploy.Deploy;
using SuperDeploy.Deploy.Commands;
using SuperDeploy.Deploy.Execution;
using SuperDeploy.Model;
using SuperDeploy.Tests.Unit.Addons;
using SuperDeploy.Validation;

namespace SuperDeploy.Tests.Unit.Deploy;

/// <summary>SuperDeployTunnel: the relay and ssh commands as exact argv, and the local-engine tunnel run against a fake target.</summary>
public class TunnelTests
{
    private const string Image = "127.0.0.1:5000/cheapa/shop:abc@sha256:0123";
    private const string Password = "pw-NEVER-printed-0123456789abcdef";

    private static readonly AddonDefinition Postgres = AddonTestModels.Postgres;
    private static readonly AppDefinition Shop = AddonTestModels.Shop;

    [Fact]
    public void RelayCommands()
    {
        Assert.Equal("cheapa-tunnel-databases-primary", TunnelCommands.RelayName(Postgres));
        Assert.Equal(["docker", "service", "ls", "--filter", "label=superdeploy.project=cheapa", "--filter", "label=superdeploy.app",
            "--format", "{{.Name}}"], TunnelCommands.AppServices("cheapa").Argv);
        Assert.Equal(["docker", "service", "inspect", "--format", "{{.Spec.TaskTemplate.ContainerSpec.Image}}", "shop_shop-web"],
            TunnelCommands.ServiceImage("shop_shop-web").Argv);
        Assert.Equal(["docker", "run", "--detach", "--rm", "--name", "cheapa-tunnel-databases-primary", "--network", "cheapa-net",
            "--label", "superdeploy.project=cheapa", "--label", "superdeploy.addon=databases.primary", "--label", "superdeploy.kind=tunnel",
            "--publish", "127.0.0.1::5432", "--entrypoint", "dotnet", Image,
            "/app/superdeploy/SuperDeploy.Agent.dll", "forward", "5432", "databases-primary:5432"],
            TunnelCommands.StartRelay(Postgres, Image, hostPort: null).Argv);
        Assert.Equal(["docker", "run", "--detach", "--rm", "--name", "cheapa-tunnel-cache-main", "--network", "cheapa-net",
            "--label", "superdeploy.project=cheapa", "--label", "superdeploy.addon=cache.main", "--label", "superdeploy.kind=tunnel",
            "--publish", "127.0.0.1:16379:6379", "--entrypoint", "dotnet", Image,
            "/app/superdeploy/SuperDeploy.Agent.dll", "forward", "6379", "cache-main:6379"],
            TunnelCommands.StartRelay(AddonTestModels.Redis, Image, hostPort: 16379).Argv);
        Assert.Equal(["docker", "port", "cheapa-tunnel-databases-primary", "5432/tcp"], TunnelCommands.RelayPort(Postgres).Argv);
        Assert.Equal(["docker", "logs", "cheapa-tunnel-databases-primary"], TunnelCommands.RelayLogs(Postgres).Argv);
        Assert.Equal(["docker", "rm", "--force", "--volumes", "cheapa-tunnel-databases-primary"], TunnelCommands.RemoveRelay(Postgres).Argv);
    }

    [Fact]
    public void SshForwardUsesTheDeploysOptionsWithoutASharedConnection()
    {
        var target = new SshTarget("deploy@vm", 2222, "/keys/id", "/keys/known_hosts");
        Assert.Equal(["ssh", "-N", "-o", "ExitOnForwardFailure=yes", "-o", "ControlMaster=no", "-o", "ControlPath=none",
            "-o", "ServerAliveInterval=15", "-o", "ServerAliveCountMax=3", "-L", "127.0.0.1:5432:127.0.0.1:49153",
            "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-p", "2222", "-i", "/keys/id", "-o", "IdentitiesOnly=yes",
            "-o", "UserKnownHostsFile=/keys/known_hosts", "deploy@vm"],
            TunnelCommands.SshForward(target, 5432, 49153));
        Assert.Equal(["/usr/bin/ssh", "-N", "-o", "ExitOnForwardFailure=yes", "-o", "ControlMaster=no", "-o", "ControlPath=none",
            "-o", "ServerAliveInterval=15", "-o", "ServerAliveCountMax=3", "-L", "127.0.0.1:15432:127.0.0.1:5432",
            "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "vm"],
            TunnelCommands.SshForward(new SshTarget("vm"), 15432, 5432, "/usr/bin/ssh"));
    }

    [Fact]
    public void TheDisplayedUrlHasNoPasswordAndTheFileUrlHasIt()
    {
        Assert.Equal("postgres://app@127.0.0.1:5432/app", AddonTunnel.DisplayUrl(Postgres, 5432));
        Assert.Equal("redis://default@127.0.0.1:16379", AddonTunnel.DisplayUrl(AddonTestModels.Redis, 16379));
        Assert.Equal("amqp://app@127.0.0.1:5672/%2F", AddonTunnel.DisplayUrl(AddonTestModels.Rabbitmq, 5672));
        Assert.Equal("postgres://app:p%40ss@127.0.0.1:15432/app", AddonCredentials.Url(Postgres, "p@ss", "127.0.0.1", 15432));
        // The in-network URL (and the URL secret's name, hashed from it) is unchanged.
        Assert.Equal("postgres://app:pw@databases-primary:5432/app", AddonCredentials.Url(Postgres, "pw"));
    }

    [Theory]
    [InlineData(null, "no -p:Addon was given")]
    [InlineData("databases.other", "the project declares no such addon")]
    public void AnAddonTheProjectDoesNotDeclareIsSd3060(string? name, string reason)
    {
        var error = Assert.Throws<DeployException>(() => AddonTunnel.Find(Shop, name));
        Assert.Equal(ErrorCodes.TunnelAddonInvalid, error.Code);
        Assert.Contains(reason, error.Message);
        Assert.Same(AddonTestModels.Redis, AddonTunnel.Find(Shop, " cache.main "));
    }

    [Fact]
    public async Task NoDeployedAppOfTheProjectIsSd3061AndNothingIsStarted()
    {
        var runner = new FakeRunner().On("docker service ls", "");
        var error = await Assert.ThrowsAsync<DeployException>(() => Tunnel(runner, new ListOutput()).RunAsync(Shop, Postgres, 5432, null, null, TimeSpan.FromSeconds(30)));
        Assert.Equal(ErrorCodes.TunnelNoAgentImage, error.Code);
        Assert.False(runner.HasRun("docker run"));
    }

    [Fact]
    public async Task ALocalTunnelReplacesAStaleRelayPublishesTheLocalPortWritesTheUrlFileAndCleansUp()
    {
        var urlFile = Path.Combine(Path.GetTempPath(), "sd-tunnel-" + Guid.NewGuid().ToString("N"), "db.url");
        string? fileDuringTunnel = null;
        UnixFileMode? mode = null;
        var output = new ListOutput();
        var runner = new FakeRunner()
            .On("docker service ls", "other_other-web\nshop_shop-worker\nshop_shop-web\n")
            .On("docker service inspect --format {{.Spec.TaskTemplate.ContainerSpec.Image}} shop_shop-web", Image + "\n")
            .On("docker ps -q --filter label=com.docker.swarm.service.name=cheapa-addon-databases-primary_databases-primary", "c0ffee\n")
            .On("docker exec -i c0ffee cat /run/secrets/password", Password + "\n")
            .On("docker logs", "superdeploy-forward: listening on port 5432, forwarding to databases-primary:5432\n");
        var tunnel = new AddonTunnel(new Target(runner, new RecordingOutput(output, () =>
        {
            fileDuringTunnel = File.ReadAllText(urlFile);
            if (!OperatingSystem.IsWindows()) mode = File.GetUnixFileMode(urlFile);
        }), new FakeClock(), CancellationToken.None));

        await tunnel.RunAsync(Shop, Postgres, 15432, urlFile, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

        Assert.Equal([
            "docker service ls --filter label=superdeploy.project=cheapa --filter label=superdeploy.app --format {{.Name}}",
            "docker service inspect --format {{.Spec.TaskTemplate.ContainerSpec.Image}} shop_shop-web",
            "docker ps -q --filter label=com.docker.swarm.service.name=cheapa-addon-databases-primary_databases-primary --filter health=healthy",
            "docker exec -i c0ffee cat /run/secrets/password",
            "docker rm --force --volumes cheapa-tunnel-databases-primary",
            string.Join(" ", TunnelCommands.StartRelay(Postgres, Image, 15432).Argv),
            "docker logs cheapa-tunnel-databases-primary",
            "docker rm --force --volumes cheapa-tunnel-databases-primary",
        ], runner.Ran.Select(FakeRunner.Text));
        Assert.Equal(["  ✓ tunnel: postgres://app@127.0.0.1:15432/app -> databases.primary (Ctrl+C closes it)", "  ✓ tunnel closed (databases.primary)"],
            output.Lines);
        Assert.Equal($"postgres://app:{Password}@127.0.0.1:15432/app\n", fileDuringTunnel);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        Assert.False(File.Exists(urlFile));
        Assert.DoesNotContain(output.Lines.Concat(output.Details).Concat(output.Warnings), l => l.Contains(Password));
        Directory.Delete(Path.GetDirectoryName(urlFile)!);
    }

    [Fact]
    public async Task ARelayThatNeverListensIsSd3062AndIsRemoved()
    {
        var runner = new FakeRunner()
            .On("docker service ls", "shop_shop-web\n")
            .On("docker service inspect", Image + "\n")
            .On("docker logs", "");
        var error = await Assert.ThrowsAsync<DeployException>(() =>
            Tunnel(runner, new ListOutput()).RunAsync(Shop, Postgres, 5432, null, null, TimeSpan.FromSeconds(5)));
        Assert.Equal(ErrorCodes.TunnelFailed, error.Code);
        Assert.Equal("docker rm --force --volumes cheapa-tunnel-databases-primary", FakeRunner.Text(runner.Ran[^1]));
        Assert.False(runner.HasRun("docker exec"));
    }

    private static AddonTunnel Tunnel(FakeRunner runner, ListOutput output) => new(new Target(runner, output, new FakeClock(), CancellationToken.None));

    /// <summary>Runs a check when the ✓ line is printed, i.e. while the tunnel is open.</summary>
    private sealed class RecordingOutput(ListOutput inner, Action onOpen) : IDeployOutput
    {
        public void Line(string text)
        {
            if (text.Contains("✓ tunnel:")) onOpen();
            inner.Line(text);
        }

        public void Detail(string text) => inner.Detail(text);

        public void Warning(string text) => inner.Warning(text);
    }
}
