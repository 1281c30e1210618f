using SuperDeploy.Deploy;
using SuperDeploy.Deploy.Nodes;
using SuperDeploy.Model;
using SuperDeploy.Tests.Unit.Addons;
using SuperDeploy.Validation;

namespace SuperDeploy.Tests.Unit.Deploy;

/// <summary>
/// `docker exec` in an addon's container on a multi-node swarm (reading its password to rebuild a missing secret, the
/// tunnel's UrlFile, backup and restore): it runs on the engine of the node the addon's task runs on, the manager's own
/// when it runs there. Same fake manager and nodes as the edge's tests.
/// </summary>
public partial class DeployerTests
{
    private const string Password = "TheExistingPassword";
    private static readonly AddonDefinition PinnedPostgres = AddonTestModels.Postgres with { Vm = "worker" };
    private const string AddonService = "cheapa-addon-databases-primary_databases-primary";
    private const string AddonReplicas = "docker service ps --filter desired-state=running --format {{.Name}}\t{{.Node}}\t{{.CurrentState}} " + AddonService;
    private const string AddonHealthy = $"docker ps -q --filter label=com.docker.swarm.service.name={AddonService} --filter health=healthy";

    /// <summary>The manager vm1 of three nodes, the addon's task running on <paramref name="addonNode"/> with a healthy container when on vm1.</summary>
    private static FakeRunner AddonManager(string addonNode, string nodes = "") => new FakeRunner { IsLocal = false }
        .On("docker node ls --format {{.ID}}", "n11\nn12\nn13\n")
        .On("docker node inspect --format", nodes.Length > 0 ? nodes : ThreeNodes)
        .On("docker node inspect self", "vm1\n")
        .On(AddonReplicas, addonNode.Length == 0 ? "" : $"{AddonService}.1\t{addonNode}\tRunning 2 minutes ago\n")
        .On(AddonHealthy, "onmanager\n")
        .On("docker exec -i onmanager cat /run/secrets/password", Password + "\n")
        // The password secret exists, the URL secret does not: the step reads the password from the running addon.
        .On("docker secret inspect", "id\n")
        .Fail($"docker secret inspect --format {{{{.ID}}}} {PinnedPostgres.UrlSecret}", 1, "no such secret");

    private static FakeRunner Vm3Engine() => new FakeRunner { IsLocal = false }
        .On(AddonHealthy, "onvm3\n")
        .On("docker exec -i onvm3 cat /run/secrets/password", Password + "\n");

    private static Target On(FakeRunner runner) => new(runner, new ListOutput(), new FakeClock(), CancellationToken.None);

    [Fact]
    public async Task AnAddonOnTheManagerHasItsPasswordReadThroughTheManager()
    {
        var connector = new FakeConnector();
        var manager = AddonManager("vm1");
        var target = On(manager);
        await new AddonsStep(target) { NodesDeclared = true, Nodes = new DeployNodes(Declared, connector).Locator(target) }.EnsureSecretsAsync(PinnedPostgres);

        Assert.Empty(connector.Opened);
        // The one-VM commands, after the look-up of the addon's node.
        Assert.True(manager.IndexOf(AddonReplicas) < manager.IndexOf(AddonHealthy));
        Assert.True(manager.HasRun("docker exec -i onmanager cat /run/secrets/password"));
        var create = Assert.Single(manager.All("docker secret create"));
        Assert.Equal(AddonCredentials.Url(PinnedPostgres, Password), create.Stdin);
    }

    [Fact]
    public async Task AnAddonOnAnotherNodeHasItsPasswordReadOnThatNodesEngine()
    {
        var vm3 = Vm3Engine();
        var connector = new FakeConnector { ["root@10.88.0.13"] = vm3 };
        var manager = AddonManager("vm3");
        var target = On(manager);
        await new AddonsStep(target) { NodesDeclared = true, Nodes = new DeployNodes(Declared, connector).Locator(target) }.EnsureSecretsAsync(PinnedPostgres);

        Assert.Equal([("root@10.88.0.13", (int?)null)], connector.Opened);
        Assert.Equal([AddonHealthy, "docker exec -i onvm3 cat /run/secrets/password"], vm3.Ran.Select(FakeRunner.Text));
        Assert.False(manager.HasRun("docker exec"));
        Assert.False(manager.HasRun("docker ps"));
        // The secret itself is created on the manager, from the password read on vm3.
        var create = Assert.Single(manager.All("docker secret create"));
        Assert.Equal(PinnedPostgres.UrlSecret, create.Argv[^2]);
        Assert.Equal(AddonCredentials.Url(PinnedPostgres, Password), create.Stdin);
    }

    [Fact]
    public async Task TheTunnelsUrlFilePasswordIsReadOnTheAddonsNodeAndTheRelayRunsOnTheManager()
    {
        var urlFile = Path.Combine(Path.GetTempPath(), "sd-tunnel-" + Guid.NewGuid().ToString("N"), "db.url");
        string? during = null;
        var vm3 = Vm3Engine();
        var connector = new FakeConnector { ["root@10.88.0.13"] = vm3 };
        // A local manager engine: the relay publishes the local port itself, no ssh.
        var manager = new FakeRunner()
            .On("docker node ls --format {{.ID}}", "n11\nn12\nn13\n")
            .On("docker node inspect --format", ThreeNodes)
            .On("docker node inspect self", "vm1\n")
            .On(AddonReplicas, $"{AddonService}.1\tvm3\tRunning 2 minutes ago\n")
            .On("docker service ls", "shop_shop-web\n")
            .On("docker service inspect", "127.0.0.1:5000/cheapa/shop:abc\n")
            .On("docker logs", "superdeploy-forward: listening on port 5432, forwarding to databases-primary:5432\n")
            .On("docker rm", _ =>
            {
                if (File.Exists(urlFile)) during = File.ReadAllText(urlFile);
                return SuperDeploy.Deploy.Execution.CommandResult.Ok();
            });
        var target = On(manager);

        await new AddonTunnel(target, nodes: new DeployNodes(Declared, connector).Locator(target))
            .RunAsync(AddonTestModels.Shop, PinnedPostgres, 15432, urlFile, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

        Assert.Equal([AddonHealthy, "docker exec -i onvm3 cat /run/secrets/password"], vm3.Ran.Select(FakeRunner.Text));
        Assert.False(manager.HasRun("docker exec"));
        Assert.True(manager.HasRun("docker run --detach --rm --name cheapa-tunnel-databases-primary"));
        // Written with the password read on vm3 (checked at the last relay removal, just before the file goes).
        Assert.Equal($"postgres://app:{Password}@127.0.0.1:15432/app\n", during);
        Assert.False(File.Exists(urlFile));
        Directory.Delete(Path.GetDirectoryName(urlFile)!);
    }

    [Fact]
    public async Task BackupFindsTheAddonsContainerOnItsNodesEngine()
    {
        var vm3 = Vm3Engine();
        var connector = new FakeConnector { ["root@10.88.0.13"] = vm3 };
        var manager = AddonManager("vm3");
        var target = On(manager);

        var found = await AddonContainer.FindAsync(target, new DeployNodes(Declared, connector).Locator(target), PinnedPostgres);
        Assert.Same(vm3, found.Engine.Runner);
        Assert.Equal("onvm3", found.Id);

        // No healthy container there: SD3056 names that node, and nothing is streamed.
        vm3.On(AddonHealthy, "");
        var file = Path.Combine(Path.GetTempPath(), "sd-backup-" + Guid.NewGuid().ToString("N") + ".dump");
        var error = await Assert.ThrowsAsync<DeployException>(() =>
            new AddonBackup(target, new DeployNodes(Declared, connector).Locator(target)).BackupAsync(PinnedPostgres, file));
        Assert.Equal(ErrorCodes.AddonNotRunning, error.Code);
        Assert.False(File.Exists(file));
        Assert.False(manager.HasRun("docker exec"));
    }

    [Fact]
    public async Task OnOneVmBackupLooksForTheContainerOnTheTargetOnly()
    {
        var runner = new FakeRunner().On(AddonHealthy, "");
        var error = await Assert.ThrowsAsync<DeployException>(() =>
            new AddonBackup(On(runner)).BackupAsync(AddonTestModels.Postgres, Path.Combine(Path.GetTempPath(), "never.dump")));
        Assert.Equal(ErrorCodes.AddonNotRunning, error.Code);
        Assert.Equal([AddonHealthy], runner.Ran.Select(FakeRunner.Text));
    }

    [Fact]
    public async Task AnAddonNotRunningAnywhereIsSD3056OnTheManager()
    {
        var manager = AddonManager("");
        var target = On(manager);
        var error = await Assert.ThrowsAsync<DeployException>(() =>
            new AddonBackup(target, new DeployNodes(Declared, new FakeConnector()).Locator(target)).BackupAsync(PinnedPostgres, "never.dump"));
        Assert.Equal(ErrorCodes.AddonNotRunning, error.Code);
        Assert.Contains("root@vm", error.Message);
        Assert.False(manager.HasRun("docker ps"));
    }

    [Fact]
    public async Task AnAddonOnANodeSuperDeployDidNotJoinIsSD7110()
    {
        var nodes = ThreeNodes + NodeLine("n14", "vm4", "ready", null, "worker");
        var manager = AddonManager("vm4", nodes);
        var target = On(manager);
        var error = await Assert.ThrowsAsync<DeployException>(() =>
            new AddonsStep(target) { NodesDeclared = true, Nodes = new DeployNodes(Declared, new FakeConnector()).Locator(target) }.EnsureSecretsAsync(PinnedPostgres));

        Assert.Equal(ErrorCodes.ServiceNodeUnreachable, error.Code);
        Assert.Contains("addon 'databases.primary'", error.Message);
        Assert.Contains("vm4", error.Message);
        Assert.False(manager.HasRun("docker exec"));
        Assert.False(manager.HasRun("docker secret create"));
    }
}
