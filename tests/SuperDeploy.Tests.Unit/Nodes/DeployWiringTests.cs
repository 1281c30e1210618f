using SuperDeploy.Deploy;
using SuperDeploy.Deploy.Commands;
using SuperDeploy.Deploy.Nodes;
using SuperDeploy.Generators;
using SuperDeploy.Model;
using SuperDeploy.Tests.Unit.Deploy;

namespace SuperDeploy.Tests.Unit.Nodes;

/// <summary>The builders the multi-node deploy passes placement to: the release job, the edge stack, the ps table.</summary>
public class DeployWiringTests
{
    [Fact]
    public void TheReleaseJobIsConstrainedToItsRoleAndSpreadBeforeTheImage()
    {
        var app = TestApps.Api();
        Assert.Equal(
        [
            "docker", "service", "create", "--mode", "replicated-job", "--restart-condition", "none", "--network", "demo-net",
            "--name", "api-release-abc",
            "--label", "superdeploy.project=demo", "--label", "superdeploy.app=api", "--label", "superdeploy.process=release",
            "--label", "superdeploy.kind=release", "--env", "PROCESS_TYPE=release", "--with-registry-auth", "--detach",
            "--constraint", "node.labels.superdeploy.role.app == true", "--placement-pref", "spread=node.id",
            "--entrypoint", "dotnet", "127.0.0.1:5000/demo/api:abc", "Api.dll", "--migrate",
        ], ReleaseCommands.Create(app, app.Release!, "127.0.0.1:5000/demo/api:abc", "api-release-abc", nodesDeclared: true).Argv);
    }

    [Fact]
    public void AReleaseWithItsOwnVmRunsOnThatRole()
    {
        var app = TestApps.Api();
        var release = app.Release! with { Vm = "batch" };
        var argv = ReleaseCommands.Create(app, release, "img:1", "job", resolveImage: false, nodesDeclared: true).Argv;
        Assert.Equal(["--constraint", "node.labels.superdeploy.role.batch == true", "--placement-pref", "spread=node.id", "--no-resolve-image", "--entrypoint"],
            argv.SkipWhile(a => a != "--constraint").Take(6));
    }

    [Fact]
    public void TheEdgeStackIsPlacedOnlyWhenNodesAreDeclared()
    {
        var oneVm = EdgeDefinition.Create("demo", "demo-net", "caddy:2.11", 80, 443);
        var onEdgeNodes = EdgeDefinition.Create("demo", "demo-net", "caddy:2.11", 80, 443,
            StackPlacement.EdgeConstraints([Node("root@10.0.0.1", "manager", "edge"), Node("root@10.0.0.2", "app")]));
        var onManagers = EdgeDefinition.Create("demo", "demo-net", "caddy:2.11", 80, 443, StackPlacement.EdgeConstraints([Node("root@10.0.0.2", "app")]));

        Assert.DoesNotContain("placement", oneVm.StackYaml);
        Assert.Equal(EdgeGenerator.Stack("demo", "demo-net", "caddy:2.11"), oneVm.StackYaml);
        Assert.Matches("placement:\n +constraints:\n +- node.labels.superdeploy.role.edge == true\n", onEdgeNodes.StackYaml);
        Assert.Contains("- node.role == manager\n", onManagers.StackYaml);
        // A different file, so a one-VM edge that grows nodes is redeployed with its placement.
        Assert.NotEqual(EdgeManager.Hash(oneVm.StackYaml), EdgeManager.Hash(onEdgeNodes.StackYaml));
    }

    [Fact]
    public void ThePsTableHasANodesColumnOnlyWhenNodesWereRead()
    {
        var rows = new[]
        {
            new PsTable.Row("api:web", "api_api-web", 2, 2, "running", "e2e", TimeSpan.FromMinutes(5)) { Nodes = ["vm2", "vm3"], NodesText = "vm2, vm3" },
            new PsTable.Row("api:worker", "api_api-worker", 1, 1, "running", "e2e", TimeSpan.FromMinutes(5)) { Nodes = ["vm3"], NodesText = "vm3" },
            new PsTable.Row("api:tick", "api_api-tick", 0, 1, "starting", "e2e", TimeSpan.FromSeconds(3)) { Nodes = [] },
        };
        Assert.Equal(
            "Process     Replicas  Status    Nodes     Image tag  Age\n" +
            "────────────────────────────────────────────────────────\n" +
            "api:web     2/2       running   vm2, vm3  e2e        5m\n" +
            "api:worker  1/1       running   vm3       e2e        5m\n" +
            "api:tick    0/1       starting  -         e2e        3s\n",
            PsTable.Format(rows));
        Assert.Equal(
            "[\n  {\"process\": \"api:web\", \"service\": \"api_api-web\", \"running\": 2, \"desired\": 2, \"status\": \"running\", \"imageTag\": \"e2e\", \"ageSeconds\": 300, \"nodes\": [\"vm2\", \"vm3\"]},\n" +
            "  {\"process\": \"api:worker\", \"service\": \"api_api-worker\", \"running\": 1, \"desired\": 1, \"status\": \"running\", \"imageTag\": \"e2e\", \"ageSeconds\": 300, \"nodes\": [\"vm3\"]},\n" +
            "  {\"process\": \"api:tick\", \"service\": \"api_api-tick\", \"running\": 0, \"desired\": 1, \"status\": \"starting\", \"imageTag\": \"e2e\", \"ageSeconds\": 3, \"nodes\": []}\n]",
            PsTable.FormatJson(rows));

        var oneVm = rows.Select(r => r with { Nodes = null }).ToArray();
        Assert.DoesNotContain("Nodes", PsTable.Format(oneVm));
        Assert.DoesNotContain("nodes", PsTable.FormatJson(oneVm));
    }

    [Fact]
    public async Task PsReadsEachReplicasNodeFromTheTasksItAlreadyReads()
    {
        var runner = new FakeRunner()
            .On("docker service ls", "api_api-web\napi_api-worker\n")
            .On("docker service inspect", "api_api-web\t3\t3\tcompleted\t\timg:e2e@sha256:1\t1738324800\t1738320000\t\n" +
                                          "api_api-worker\t1\t1\tcompleted\t\timg:e2e@sha256:1\t1738324800\t1738320000\t\n")
            .On("docker service ps", "t1\tapi_api-web.1\timg:e2e\tRunning 1 minute ago\t\tvm3\n" +
                                     "t2\tapi_api-web.2\timg:e2e\tRunning 1 minute ago\t\tvm2\n" +
                                     "t3\tapi_api-web.3\timg:e2e\tRunning 1 minute ago\t\tvm3\n" +
                                     "t4\tapi_api-worker.1\timg:e2e\tPreparing 2 seconds ago\t\tvm3\n");
        var target = new Target(runner, new ListOutput(), new FakeClock(), CancellationToken.None);

        var rows = await new PsTable(target).ReadAsync("api", withNodes: true);
        Assert.Equal(3, runner.Ran.Count);
        Assert.Equal(["vm2", "vm3", "vm3"], rows[0].Nodes);
        Assert.Equal("vm2, vm3 (2)", rows[0].NodesText);
        Assert.Equal([], rows[1].Nodes);
        Assert.Equal("-", rows[1].NodesText);

        var oneVm = await new PsTable(target).ReadAsync("api");
        Assert.All(oneVm, r => Assert.Null(r.Nodes));
    }

    private static NodeDefinition Node(string target, params string[] roles) =>
        new(target, "root", target.Split('@')[1], null, target.Split('@')[1], roles.Contains("manager"), roles, new SourceLocation("Directory.Build.props"));
}
