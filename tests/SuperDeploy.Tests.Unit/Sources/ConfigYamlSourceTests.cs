using SuperDeploy.Model;
using SuperDeploy.Sources;
using SuperDeploy.Validation;
using static SuperDeploy.Tests.Unit.Sources.SeedExamples;

namespace SuperDeploy.Tests.Unit.Sources;

public class ConfigYamlSourceTests
{
    private const string Path = "/src/config.yml";

    /// <summary>Parses with no diagnostics expected.</summary>
    private static ConfigYamlResult Parse(string text, string app)
    {
        var result = ConfigYamlSource.Parse(Path, text, app);
        Assert.Empty(result.Diagnostics);
        return result;
    }

    /// <summary>Each process as `name: Key=value; Key=value` in the metadata's order.</summary>
    private static string[] Processes(ConfigYamlResult result) =>
        result.Processes.Select(p => $"{p.Name}: " + string.Join("; ", p.Metadata.Select(m => $"{m.Key}={m.Value}"))).ToArray();

    private static Diagnostic SingleError(string text, string app, string code)
    {
        var result = ConfigYamlSource.Parse(Path, text, app);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal((code, DiagnosticSeverity.Error), (error.Code, error.Severity));
        return error;
    }

    [Fact]
    public void TheSeedsConfigExampleGivesProcessesAddonsAndProperties()
    {
        var result = Parse(ConfigExample, "api");

        Assert.Equal(
            [
                "web: Command=gunicorn app:app --bind 0.0.0.0:$PORT --workers 4; Port=8000; Replicas=2",
                "worker: Command=python craft queue:work --tries=3; Replicas=5",
                "release: Command=python craft migrate --force; RunOn=deploy",
            ],
            Processes(result));
        Assert.Equal([new SourceLocation(Path, 13, 7), new SourceLocation(Path, 18, 7), new SourceLocation(Path, 22, 7)], result.Processes.Select(p => p.Location));
        Assert.Equal(
            [new AddonAttachment("databases.primary", "DB", new SourceLocation(Path, 8, 9)), new AddonAttachment("queues.main", "RABBITMQ", new SourceLocation(Path, 9, 9))],
            result.Addons);
        Assert.Equal(new Dictionary<string, string> { ["SuperDeployVm"] = "app", ["SuperDeployDomain"] = "api.cheapa.io" }, result.Properties);
        Assert.False(result.UseProcfile);
    }

    [Fact]
    public void TheSeedsUsageExample() =>
        Assert.Equal(["web: Command=gunicorn app:app; Port=8000; Replicas=2", "worker: Command=celery worker; Replicas=5"], Processes(Parse(UsageExample, "myapp")));

    [Fact]
    public void TheSeedsPythonAndNextJsExamples()
    {
        Assert.Equal(
            [
                "web: Command=gunicorn app:app --bind 0.0.0.0:$PORT --workers 4; Port=8000; Replicas=2",
                "worker: Command=python craft queue:work --tries=3; Replicas=5",
                "release: Command=python craft migrate --force; RunOn=deploy",
            ],
            Processes(Parse(Wrap(PythonApp), "api")));
        Assert.Equal(["web: Command=npm run start; Port=3000; Replicas=1"], Processes(Parse(Wrap(NextJsApp), "storefront")));
    }

    [Theory]
    [InlineData("user-service", "8001", "2")]
    [InlineData("order-service", "8002", "5")]
    public void TheSeedsMicroservicesExampleUsesFlowMappingsAndPicksTheAppByName(string app, string port, string workers) =>
        Assert.Equal(
            [$"web: Command=uvicorn main:app; Port={port}; Replicas=3", $"worker: Command=celery -A tasks worker; Replicas={workers}"],
            Processes(Parse(Wrap(Microservices), app)));

    [Fact]
    public void TheSeedsFlowMappingExamples()
    {
        Assert.Equal(["web: Command=...; Replicas=2", "worker: Command=...; Replicas=5"], Processes(Parse(AfterProcessBased, "api")));
        Assert.Equal(
            ["web: Command=gunicorn...; Port=8000; Replicas=2", "worker: Command=celery...; Replicas=5"],
            Processes(Parse(Wrap(ComposeGenerationInput, "myapp"), "myapp")));
    }

    [Fact]
    public void TheSeedsProcessTypeExamples()
    {
        var processes = string.Join("\n", WebProcess, WorkerProcess, ReleaseProcess, CronProcess);

        Assert.Equal(
            [
                "web: Command=gunicorn app:app --bind 0.0.0.0:$PORT; Port=8000; Replicas=2",
                "worker: Command=python craft queue:work; Replicas=5",
                "release: Command=python craft migrate --force; RunOn=deploy",
                "scheduler: Command=python craft schedule:run; Schedule=0 * * * *",
            ],
            Processes(Parse(Wrap("processes:\n" + string.Join("\n", processes.Split('\n').Select(l => "  " + l)), "api"), "api")));
    }

    [Fact]
    public void TheSeedsProcessLevelResourcesBecomeMemoryAndCpu() =>
        Assert.Equal(
            ["web: Command=gunicorn...; Memory=512M; Cpu=0.5", "worker: Command=celery...; Memory=2G; Cpu=1.0"],
            Processes(Parse(Wrap(ProcessLevelResources, "api"), "api")));

    [Fact]
    public void TheSeedsProcessDependenciesBecomeDependsOn() =>
        Assert.Equal(
            ["web: Command=gunicorn...; DependsOn=release", "worker: Command=celery...; DependsOn=web"],
            Processes(Parse(Wrap(ProcessDependencies, "api"), "api")));

    [Fact]
    public void TheSeedsNewFormatFromTheMigrationPath() =>
        Assert.Equal(["web: Command=gunicorn app:app; Port=8000; Replicas=1"], Processes(Parse(MigrationNewFormat, "api")));

    [Fact]
    public void TheSeedsProcfileFlagAsksForTheProcfile() =>
        Assert.True(Parse(ExternalProcfileConfig, "myapp").UseProcfile);

    [Fact]
    public void KeysMayBeSnakeCaseCamelCaseOrTheItemMetadataNames()
    {
        const string yaml = """
            apps:
              shop:
                processes:
                  web: {Command: run, PORT: 80, healthPath: /healthz, RunOn: "", depends-on: [a, b], memory: 1g, resources: {CPU: 2}}
                  other: {health_path: /h, run_on: deploy, DependsOn: a}
            """;

        Assert.Equal(
            ["web: Command=run; Port=80; HealthPath=/healthz; RunOn=; DependsOn=a;b; Memory=1g; Cpu=2", "other: HealthPath=/h; RunOn=deploy; DependsOn=a"],
            Processes(Parse(yaml, "shop")));
    }

    [Fact]
    public void QuotedValuesAndAnEmptyProcessAreKeptAsWritten()
    {
        const string yaml = "apps:\n  shop:\n    processes:\n      web:\n        command: 'dotnet Shop.dll --name \"x\"'\n        port: \"8080\"\n      worker:\n      idle: ~\n";

        Assert.Equal(["web: Command=dotnet Shop.dll --name \"x\"; Port=8080", "worker: ", "idle: "], Processes(Parse(yaml, "shop")));
    }

    [Fact]
    public void AnAppWithoutProcessesHasNone()
    {
        Assert.Empty(Parse("apps:\n  shop:\n    type: dotnet\n", "shop").Processes);
        Assert.Empty(Parse("apps:\n  shop:\n", "shop").Processes);
        Assert.Empty(Parse("apps:\n  shop:\n    processes:\n", "shop").Processes);
    }

    public static TheoryData<string, string, string> AddonLines => new()
    {
        { "databases.primary as DB", "databases.primary", "DB" },
        { "  queues.main   as   RABBITMQ ", "queues.main", "RABBITMQ" },
        { "databases.primary", "databases.primary", "PRIMARY" },
        { "caches.session-store", "caches.session-store", "SESSION_STORE" },
        { "redis", "redis", "REDIS" },
        { "{addon: databases.primary, as: DB}", "databases.primary", "DB" },
        { "{addon: databases.primary}", "databases.primary", "PRIMARY" },
        { "{as: Db_2, addon: 'x.y'}", "x.y", "Db_2" },
    };

    [Theory]
    [MemberData(nameof(AddonLines))]
    public void BothAddonFormsGiveTheReferenceAndAlias(string line, string reference, string alias)
    {
        var addon = Assert.Single(Parse($"apps:\n  shop:\n    addons:\n      - {line}\n", "shop").Addons);

        Assert.Equal((reference, alias, 4), (addon.Reference, addon.Alias, addon.Location.Line));
    }

    [Fact]
    public void BothAddonFormsInOneListKeepTheirOrder()
    {
        var yaml = "apps:\n  shop:\n    addons:\n      - databases.primary as DB\n      - addon: queues.main\n        as: RABBITMQ\n      - {addon: caches.main, as: CACHE}\n";

        Assert.Equal(["databases.primary as DB", "queues.main as RABBITMQ", "caches.main as CACHE"],
            Parse(yaml, "shop").Addons.Select(a => $"{a.Reference} as {a.Alias}"));
    }

    [Theory]
    [InlineData("databases.primary as")]
    [InlineData("databases.primary AS DB")]
    [InlineData("databases.primary as DB extra")]
    [InlineData("databases primary")]
    [InlineData("databases..primary as DB")]
    [InlineData(".primary as DB")]
    [InlineData("databases.primary as 1DB")]
    [InlineData("databases.primary as DB-URL")]
    [InlineData("databases.1st")]
    [InlineData("''")]
    [InlineData("{as: DB}")]
    [InlineData("{addon: databases.primary, as: [DB]}")]
    [InlineData("{addon: databases.primary, as: }")]
    [InlineData("[databases.primary, DB]")]
    public void AnInvalidAddonIsAnError(string line)
    {
        var error = SingleError($"apps:\n  shop:\n    addons:\n      - {line}\n", "shop", ErrorCodes.ConfigAddonInvalid);

        Assert.Equal(new SourceLocation(Path, 4, 9), error.Location);
        Assert.Contains("shop", error.Message);
    }

    [Fact]
    public void TwoAddonsWithOneAliasAreAnError()
    {
        var error = SingleError("apps:\n  shop:\n    addons:\n      - databases.primary as DB\n      - databases.replica as DB\n", "shop", ErrorCodes.ConfigAddonAliasDuplicate);

        Assert.Equal(5, error.Location.Line);
        Assert.Contains("databases.replica", error.Message);
    }

    [Fact]
    public void TheSeedsOldFormatIsRefusedWithTheEquivalentProcessesBlock()
    {
        var error = SingleError(MigrationOldFormat, "api", ErrorCodes.ConfigOldFormat);

        Assert.Equal(new SourceLocation(Path, 2, 3), error.Location);
        Assert.Contains("type: web, replicas: 1, port: 8000", error.Message);
        var block = Block(error);
        Assert.Equal("processes:\n  web:\n    command: <your start command>\n    port: 8000\n    replicas: 1", block);
        Assert.Equal(["web: Command=<your start command>; Port=8000; Replicas=1"], Processes(Parse(Wrap(block, "api"), "api")));
    }

    [Theory]
    [InlineData("api", "processes:\n  web:\n    command: <your start command>\n    replicas: 2")]
    [InlineData("api-worker", "processes:\n  worker:\n    command: <your start command>\n    replicas: 5")]
    public void TheSeedsBeforeExampleIsRefusedPerApp(string app, string expected)
    {
        var block = Block(SingleError(BeforeDuplicateEntries, app, ErrorCodes.ConfigOldFormat));

        Assert.Equal(expected, block);
        Assert.Single(Parse(Wrap(block, app), app).Processes);
    }

    [Theory]
    [InlineData("type: release\n    replicas: 1", "release: Command=<your start command>; RunOn=deploy")]
    [InlineData("type: Worker", "worker: Command=<your start command>")]
    [InlineData("type: python\n    port: 5000", "web: Command=<your start command>; Port=5000")]
    [InlineData("process_type: clock\n    replicas: one", "clock: Command=<your start command>; Replicas=one")]
    [InlineData("type: web\n    processes:\n      web: {command: run, port: 80}", "web: Command=<your start command>")]
    public void OldFormatVariantsPrintABlockThatParses(string appBody, string expected)
    {
        var block = Block(SingleError($"apps:\n  api:\n    {appBody}\n", "api", ErrorCodes.ConfigOldFormat));

        Assert.Equal([expected], Processes(Parse(Wrap(block, "api"), "api")));
    }

    /// <summary>The processes block the old-format message ends with.</summary>
    private static string Block(Diagnostic error) => error.Message.Substring(error.Message.IndexOf('\n') + 1);

    [Theory]
    [InlineData("apps:\n  shop:\n    processes:\n      web: {command: run\n", 5, 1)]
    [InlineData("apps:\n  shop:\n    processes:\n      web: {command: run, port: 80\n      worker: {command: x}\n", 4, 12)]
    [InlineData("apps:\n  shop:\n    processes:\n      web:\n        depends_on: [release\n      worker: {command: x}\n", 5, 21)]
    [InlineData("apps:\n  shop:\n    processes:\n      web:\n        command: run\n       port: 80\n", 6, 8)]
    [InlineData("apps:\n  shop:\n    processes:\n      web:\n        command: run\n        command: other\n", 6, 9)]
    [InlineData("apps:\n\tshop:\n", 2, 1)]
    [InlineData("apps:\n  shop:\n    processes:\n  \t  web: {command: run}\n", 4, 3)]
    [InlineData("apps:\n  shop:\n    processes:\n      web:\n        command: \"unclosed\n", 5, 18)]
    [InlineData("apps:\n  shop:\n    processes:\n      web: {command: run}: x\n", 4, 26)]
    public void MalformedYamlReportsFileLineAndColumn(string yaml, int line, int column)
    {
        var error = SingleError(yaml, "shop", ErrorCodes.ConfigYamlMalformed);

        Assert.Equal(new SourceLocation(Path, line, column), error.Location);
        Assert.StartsWith($"config.yml is not valid YAML at line {line}, column {column}: ", error.Message);
        Assert.DoesNotContain("(Line:", error.Message);
    }

    [Fact]
    public void AnUnknownAppListsTheAppsInTheFile()
    {
        var error = SingleError(Wrap(Microservices), "payments", ErrorCodes.ConfigAppNotFound);

        Assert.Contains("'payments'", error.Message);
        Assert.Contains("user-service, order-service", error.Message);
        Assert.Equal(new SourceLocation(Path, 1, 1), error.Location);
        Assert.Equal(ErrorCodes.ConfigAppNotFound, SingleError(Wrap(Microservices), null!, ErrorCodes.ConfigAppNotFound).Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("project: cheapa\n")]
    [InlineData("- apps\n")]
    [InlineData("api:\n  processes:\n    web: {command: run}\n")]
    public void AFileWithoutAppsIsAnError(string yaml) => SingleError(yaml, "api", ErrorCodes.ConfigAppsMissing);

    [Fact]
    public void OtherTopLevelKeysAreIgnored() =>
        Assert.Single(Parse("project: cheapa\nvms:\n  app: {ip: 10.0.0.2}\napps:\n  shop:\n    processes:\n      worker: {command: run}\n", "shop").Processes);

    [Theory]
    [InlineData("apps: [shop]", "apps")]
    [InlineData("apps:\n  shop: dotnet", "apps.shop")]
    [InlineData("apps:\n  shop:\n    processes: [web]", "apps.shop.processes")]
    [InlineData("apps:\n  shop:\n    processes:\n      web: dotnet Shop.dll", "apps.shop.processes.web")]
    [InlineData("apps:\n  shop:\n    processes:\n      web: {command: [dotnet, Shop.dll]}", "apps.shop.processes.web.command")]
    [InlineData("apps:\n  shop:\n    processes:\n      web: {depends_on: {release: true}}", "apps.shop.processes.web.depends_on")]
    [InlineData("apps:\n  shop:\n    processes:\n      web: {depends_on: [[release]]}", "apps.shop.processes.web.depends_on[]")]
    [InlineData("apps:\n  shop:\n    processes:\n      web: {resources: 512m}", "apps.shop.processes.web.resources")]
    [InlineData("apps:\n  shop:\n    processes:\n      web: {resources: {memory: [1]}}", "apps.shop.processes.web.resources.memory")]
    [InlineData("apps:\n  shop:\n    addons: databases.primary as DB", "apps.shop.addons")]
    [InlineData("apps:\n  shop:\n    vm: [a, b]", "apps.shop.vm")]
    [InlineData("apps:\n  shop:\n    procfile: maybe", "apps.shop.procfile")]
    public void AValueOfTheWrongShapeIsAnError(string yaml, string keyPath) =>
        Assert.Contains($"config.yml: {keyPath} must be", SingleError(yaml, "shop", ErrorCodes.ConfigValueWrongShape).Message);

    [Theory]
    [InlineData("{command: run, memory: 1g, resources: {memory: 2g}}", "Memory")]
    [InlineData("{command: run, health_path: /a, healthPath: /b}", "HealthPath")]
    [InlineData("{command: run, resources: {cpu: 1, CPU: 2}}", "Cpu")]
    public void OneMetadataSetTwiceIsAnError(string process, string metadata) =>
        Assert.Contains($"sets {metadata} twice", SingleError($"apps:\n  shop:\n    processes:\n      web: {process}\n", "shop", ErrorCodes.ConfigKeyTwice).Message);

    [Fact]
    public void UnknownKeysAreWarningsAtTheKey()
    {
        const string yaml = "apps:\n  shop:\n    image: x\n    processes:\n      web:\n        command: run\n        prot: 80\n        resources: {memory: 1g, disk: 2g}\n    addons:\n      - {addon: a.b, as: AB, version: 2}\n";

        var result = ConfigYamlSource.Parse(Path, yaml, "shop");

        Assert.All(result.Diagnostics, d => Assert.Equal((ErrorCodes.ConfigKeyUnknown, DiagnosticSeverity.Warning), (d.Code, d.Severity)));
        Assert.Equal([(3, 5, "image"), (7, 9, "prot"), (8, 33, "disk"), (10, 30, "version")],
            result.Diagnostics.Select(d => (d.Location.Line, d.Location.Column, d.Message.Split('\'')[1])));
        Assert.Equal(["web: Command=run; Memory=1g"], Processes(result));
        Assert.Single(result.Addons);
    }
}
