using SuperDeploy.Generators;
using SuperDeploy.Tests.Unit.Support;

namespace SuperDeploy.Tests.Unit.Generators;

/// <summary>Every generated file, byte for byte, for each test model (SUPERDEPLOY_UPDATE_GOLDEN=1 rewrites them).</summary>
public class GoldenTests
{
    [Theory]
    [MemberData(nameof(TestModels.Names), MemberType = typeof(TestModels))]
    public void Marker(string model) =>
        GoldenFile.AssertMatches($"{model}/marker.yml", MarkerGenerator.Generate(TestModels.All[model]));

    [Theory]
    [MemberData(nameof(TestModels.Names), MemberType = typeof(TestModels))]
    public void Stack(string model)
    {
        var app = TestModels.All[model];
        GoldenFile.AssertMatches($"{model}/stack.yml", StackGenerator.Generate(app, TestModels.Image(app)));
    }

    [Theory]
    [MemberData(nameof(TestModels.Names), MemberType = typeof(TestModels))]
    public void CaddySite(string model)
    {
        var site = CaddySiteGenerator.Generate(TestModels.All[model]);
        if (model == "mailer") Assert.Null(site);
        else GoldenFile.AssertMatches($"{model}/site.caddy", Assert.IsType<string>(site));
    }

    [Theory]
    [MemberData(nameof(TestModels.Names), MemberType = typeof(TestModels))]
    public void Workflow(string model) =>
        GoldenFile.AssertMatches($"{model}/deploy.yml", WorkflowGenerator.Generate(TestModels.All[model], TestModels.Workflow(model)));

    [Fact]
    public void EdgeStack() =>
        GoldenFile.AssertMatches("edge/stack.yml", EdgeGenerator.Stack("cheapa", "cheapa-net", "127.0.0.1:5000/superdeploy/caddy:2.6.2"));

    [Fact]
    public void EdgeCaddyfile() =>
        GoldenFile.AssertMatches("edge/Caddyfile", EdgeGenerator.Caddyfile());
}
