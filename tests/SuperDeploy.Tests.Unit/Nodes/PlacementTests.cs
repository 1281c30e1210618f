using SuperDeploy.Generators;
using SuperDeploy.Model;
using SuperDeploy.Tests.Unit.Generators;
using SuperDeploy.Tests.Unit.Support;
using YamlDotNet.RepresentationModel;
using static SuperDeploy.Tests.Unit.Generators.MarkerGeneratorTests;

namespace SuperDeploy.Tests.Unit.Nodes;

public class PlacementTests
{
    /// <summary>The seed's api with its worker on the `worker` role: web, scheduler on the app's `app` role.</summary>
    public static AppDefinition App { get; } = TestModels.SeedApi with
    {
        Processes = TestModels.SeedApi.Processes.Select(p => p.Name == "worker" ? p with { Vm = "worker" } : p).ToList(),
    };

    private static readonly StackOptions WithNodes = new() { NodesDeclared = true };

    private static YamlMappingNode Deploy(string stack, string service) =>
        Child(Child(Child(Parse(stack), "services"), service), "deploy");

    [Fact]
    public void WithNodesEachServiceIsConstrainedToItsRoleAndSpread()
    {
        var stack = StackGenerator.Generate(App, TestModels.Image(App), WithNodes);

        foreach (var (service, role) in new[] { ("api-web", "app"), ("api-worker", "worker"), ("api-scheduler", "app") })
        {
            var placement = Child(Deploy(stack, service), "placement");
            Assert.Equal([$"node.labels.superdeploy.role.{role} == true"], Sequence(placement, "constraints"));
            var spread = Assert.Single(((YamlSequenceNode)placement.Children[new YamlScalarNode("preferences")]).Children);
            Assert.Equal("node.id", Scalar((YamlMappingNode)spread, "spread"));
        }
    }

    [Fact]
    public void WithoutNodesTheStackIsExactlyTheOneVmStack()
    {
        var stack = StackGenerator.Generate(App, TestModels.Image(App));

        Assert.DoesNotContain("placement", stack);
        Assert.Equal(StackGenerator.Generate(TestModels.SeedApi, TestModels.Image(App)), stack);
        Assert.False(StackOptions.Default.NodesDeclared);
    }

    [Fact]
    public void GoldenStackWithNodes() =>
        GoldenFile.AssertMatches("nodes/stack.yml", StackGenerator.Generate(App, TestModels.Image(App), WithNodes));

    [Fact]
    public void GoldenEdgeStackOnTheEdgeRole() =>
        GoldenFile.AssertMatches("nodes/edge-stack.yml",
            EdgeGenerator.Stack("cheapa", "cheapa-net", "127.0.0.1:5000/superdeploy/caddy:2.6.2", placementConstraints: StackPlacement.EdgeConstraints(true)));

    [Fact]
    public void TheEdgeRunsOnEdgeNodesWhenThereAreAnyElseOnTheManagers()
    {
        var nodes = NodeRulesTestsNodes("Role=manager;edge", "Role=app");
        Assert.Equal(["node.labels.superdeploy.role.edge == true"], StackPlacement.EdgeConstraints(nodes));
        Assert.Equal(["node.role == manager"], StackPlacement.EdgeConstraints(NodeRulesTestsNodes("Role=manager", "Role=app")));

        var edge = Deploy(EdgeGenerator.Stack("p", "p-net", "caddy", placementConstraints: StackPlacement.EdgeConstraints(false)), "caddy");
        Assert.Equal(["node.role == manager"], Sequence(Child(edge, "placement"), "constraints"));
        Assert.DoesNotContain("placement", EdgeGenerator.Stack("p", "p-net", "caddy"));
    }

    [Fact]
    public void TheReleaseJobGetsTheSamePlacementAsFlags() =>
        Assert.Equal(["--constraint", "node.labels.superdeploy.role.jobs == true", "--placement-pref", "spread=node.id"],
            StackPlacement.ServiceCreateArguments("jobs"));

    [Fact]
    public void DockerStackConfigAndTheComposeSchemaAcceptPlacement()
    {
        foreach (var text in new[]
                 {
                     StackGenerator.Generate(App, TestModels.Image(App), WithNodes),
                     EdgeGenerator.Stack("cheapa", "cheapa-net", "caddy", placementConstraints: StackPlacement.EdgeConstraints(true)),
                 })
        {
            using var dir = new TempDirectory();
            var result = ExternalTool.DockerStackConfig(dir.Write("stack.yml", text));
            Assert.True(result.ExitCode == 0, $"docker stack config rejected:\n{result}\n{text}");
            Assert.Contains("node.labels.superdeploy.role.", result.StandardOutput);
            var failures = SharedSchemas.Validate(SharedSchemas.ComposeSpec, text);
            if (failures != null) Assert.True(failures.Count == 0, string.Join("\n", failures));
        }
    }

    private static IReadOnlyList<NodeDefinition> NodeRulesTestsNodes(params string[] roles) =>
        SuperDeploy.Validation.NodeRules.Read(roles.Select((role, i) => NodeRulesTests.Node($"10.0.0.{i + 5}", role)).ToList()).Nodes;

    private static IEnumerable<string?> Sequence(YamlMappingNode map, string key) =>
        ((YamlSequenceNode)map.Children[new YamlScalarNode(key)]).Children.Select(n => ((YamlScalarNode)n).Value);
}
