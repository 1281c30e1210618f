using SuperDeploy.Model;
using SuperDeploy.Validation;
using SuperDeploy.Tests.Unit.Validation;

namespace SuperDeploy.Tests.Unit.Nodes;

public class NodeRulesTests
{
    internal static NodeInput Node(string target, params string[] metadata) =>
        new(target, metadata.Select(pair => pair.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]), new SourceLocation("/src/Directory.Build.props"));

    private static NodesResult Read(params NodeInput[] nodes) => NodeRules.Read(nodes);

    private static IEnumerable<string> Errors(NodesResult result) => result.Diagnostics.Where(d => d.IsError).Select(d => d.Code);

    [Fact]
    public void TheBriefsThreeNodesBecomeDefinitionsWithRolesAndTheFirstManager()
    {
        var result = Read(
            Node("root@10.88.0.11", "Role=manager;edge"),
            Node("root@10.88.0.12", "Role=app"),
            Node("root@10.88.0.13", "Role=app; worker", "Port=2222"));

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["root@10.88.0.11", "root@10.88.0.12", "root@10.88.0.13"], result.Nodes.Select(n => n.Target));
        Assert.Equal([true, false, false], result.Nodes.Select(n => n.IsManager));
        Assert.Equal(["app", "worker"], result.Nodes[2].Roles);
        Assert.Equal(2222, result.Nodes[2].Port);
        Assert.Equal(("root", "10.88.0.12", "10.88.0.12"), (result.Nodes[1].User, result.Nodes[1].Host, result.Nodes[1].Address));
    }

    [Fact]
    public void TheFirstNodeIsTheManagerWhenNoneIsMarked()
    {
        var result = Read(Node("10.0.0.5", "Role=app"), Node("10.0.0.6", "Role=app"));

        Assert.Equal([true, false], result.Nodes.Select(n => n.IsManager));
        Assert.Null(result.Nodes[0].User);
    }

    [Fact]
    public void AnExplicitManagerReplacesTheDefault()
    {
        var result = Read(Node("10.0.0.5", "Role=app"), Node("10.0.0.6", "Manager=true"));

        Assert.Equal([false, true], result.Nodes.Select(n => n.IsManager));
    }

    [Theory]
    [InlineData("root@10.0.0.5:22")]
    [InlineData("ssh://root@10.0.0.5")]
    [InlineData("root@")]
    [InlineData("@10.0.0.5")]
    [InlineData("root@host name")]
    [InlineData("-oProxyCommand=x")]
    [InlineData("root@host/path")]
    [InlineData("")]
    public void ABadTargetIsSD7001(string target) =>
        Assert.Equal([ErrorCodes.NodeTargetInvalid], Errors(Read(Node(target, "Role=app"))));

    [Theory]
    [InlineData("deploy@10.1.0.5")]
    [InlineData("10.1.0.5")]
    [InlineData("deploy.user@[fd00::5]")]
    public void IpTargetsNeedNoAddress(string target) =>
        Assert.Empty(Read(Node(target, "Role=app")).Diagnostics);

    [Fact]
    public void AHostNameTargetNeedsAnAddressForTheSwarm()
    {
        Assert.Equal([ErrorCodes.NodeAddressInvalid], Errors(Read(Node("deploy@vm1.example.com", "Role=app"))));
        Assert.Equal([ErrorCodes.NodeAddressInvalid], Errors(Read(Node("deploy@vm1.example.com", "Address=vm1"))));
        var ok = Read(Node("deploy@vm1.example.com", "Role=app", "Address=10.1.0.5"));
        Assert.Empty(ok.Diagnostics);
        Assert.Equal("10.1.0.5", ok.Nodes[0].Address);
    }

    [Theory]
    [InlineData("10.0.0.5", "10.0.0.5")]
    [InlineData("root@10.0.0.5", "deploy@10.0.0.5")]
    [InlineData("root@10.0.0.5", "root@10.0.0.5")]
    public void TheSameMachineTwiceIsSD7002(string first, string second) =>
        Assert.Equal([ErrorCodes.NodeDuplicate], Errors(Read(Node(first), Node(second))));

    [Fact]
    public void TheSameHostOnAnotherPortWithItsOwnAddressIsAnotherMachine() =>
        Assert.Empty(Errors(Read(Node("root@10.0.0.5", "Port=2201"), Node("root@10.0.0.5", "Port=2202", "Address=10.0.0.6"))));

    [Theory]
    [InlineData("App")]
    [InlineData("app_1")]
    [InlineData("-app")]
    [InlineData("a.b")]
    public void ARoleThatIsNotADnsLabelIsSD7003(string role) =>
        Assert.Equal([ErrorCodes.NodeRoleInvalid], Errors(Read(Node("10.0.0.5", $"Role=app;{role}"))));

    [Fact]
    public void RolesAreDeduplicatedAndEmptyPartsIgnored() =>
        Assert.Equal(["app", "edge"], Read(Node("10.0.0.5", "Role=app;;edge, app;")).Nodes[0].Roles);

    [Fact]
    public void NoManagerIsSD7004() =>
        Assert.Equal([ErrorCodes.NodeNoManager], Errors(Read(Node("10.0.0.5", "Manager=false"), Node("10.0.0.6"))));

    [Fact]
    public void TheManagerRoleMakesAManager() =>
        Assert.Equal([false, true], Read(Node("10.0.0.5", "Role=app"), Node("10.0.0.6", "Role=manager")).Nodes.Select(n => n.IsManager));

    [Theory]
    [InlineData("Manager=yes", ErrorCodes.NodeManagerInvalid)]
    [InlineData("Port=0", ErrorCodes.NodePortInvalid)]
    [InlineData("Port=65536", ErrorCodes.NodePortInvalid)]
    [InlineData("Port=22x", ErrorCodes.NodePortInvalid)]
    public void BadMetadataValues(string metadata, string code) =>
        Assert.Equal([code], Errors(Read(Node("10.0.0.5", metadata))));

    [Fact]
    public void UnknownMetadataIsAWarningAndMSBuildsOwnIsIgnored()
    {
        var result = Read(Node("10.0.0.5", "Roles=app", "DefiningProjectFullPath=/x.props"));

        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal((ErrorCodes.NodeMetadataUnknown, false), (warning.Code, warning.IsError));
        Assert.Single(result.Nodes);
    }

    [Fact]
    public void AnEvenNumberOfManagersIsAWarning()
    {
        var result = Read(Node("10.0.0.5", "Manager=true"), Node("10.0.0.6", "Manager=true"), Node("10.0.0.7"));

        Assert.Equal([ErrorCodes.NodeManagersEven], result.Diagnostics.Select(d => d.Code));
        Assert.False(result.HasErrors);
    }

    [Fact]
    public void ErrorsLeaveNoNodes() =>
        Assert.Empty(Read(Node("10.0.0.5"), Node("bad target")).Nodes);

    [Fact]
    public void NoItemsIsNoNodesAndNoDiagnostics()
    {
        var result = Read();
        Assert.Empty(result.Nodes);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void AProcessVmIsValidatedAndKept()
    {
        var ok = ModelBuilder.Build(Inputs.App(Inputs.Web, Inputs.Process("worker", "Command=dotnet Shop.dll --worker", "Vm=jobs")));
        Assert.False(ok.HasErrors);
        Assert.Equal([null, "jobs"], ok.App!.Processes.Select(p => p.Vm));
        Assert.Equal(["app", "jobs"], Placement.RolesOf(ok.App));

        var bad = ModelBuilder.Build(Inputs.App(Inputs.Process("worker", "Command=x", "Vm=Jobs")));
        Assert.Equal([ErrorCodes.ProcessVmInvalid], bad.Diagnostics.Where(d => d.IsError).Select(d => d.Code));
        Assert.DoesNotContain(bad.Diagnostics, d => d.Code == ErrorCodes.MetadataUnknown);
    }

    [Fact]
    public void EveryRoleTheAppIsPlacedOnNeedsADeclaredNode()
    {
        var app = ModelBuilder.Build(Inputs.App(Inputs.Web, Inputs.Process("worker", "Command=x", "Vm=jobs"), Inputs.Process("mailer", "Command=y", "Vm=jobs"))).App!;
        var nodes = Read(Node("10.0.0.5", "Role=app")).Nodes;

        var diagnostic = Assert.Single(NodeRules.CheckRoles(app, nodes));
        Assert.Equal(ErrorCodes.NodeRoleMissing, diagnostic.Code);
        Assert.Contains("'jobs'", diagnostic.Message);
        Assert.Empty(NodeRules.CheckRoles(app, Read(Node("10.0.0.5", "Role=app"), Node("10.0.0.6", "Role=jobs")).Nodes));
        Assert.Empty(NodeRules.CheckRoles(app, []));
    }
}
