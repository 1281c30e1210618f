using SuperDeploy.Model;
using SuperDeploy.Sources;
using SuperDeploy.Validation;
using static SuperDeploy.Tests.Unit.Sources.SeedExamples;

namespace SuperDeploy.Tests.Unit.Sources;

/// <summary>Every input the seed describes, through ModelBuilder.Build: the same model (or the same codes) as the equivalent items.</summary>
public class SameModelTests
{
    private const string ProjectFile = "/src/Api/Api.csproj";

    private static ProcessInput Item(string name, params string[] metadata) =>
        new(name, metadata.Select(m => m.Split('=', 2)).ToDictionary(m => m[0], m => m[1]), new SourceLocation(ProjectFile));

    private static Dictionary<string, string> Properties(string app, params string[] more)
    {
        var properties = new Dictionary<string, string> { ["SuperDeployProject"] = "cheapa", ["SuperDeployApp"] = app };
        foreach (var pair in more.Select(m => m.Split('=', 2))) properties[pair[0]] = pair[1];
        return properties;
    }

    private static ModelResult FromItems(string app, ProcessInput[] items, params string[] properties) =>
        ModelBuilder.Build(new AppInput(ProjectFile, Properties(app, properties), items, []));

    /// <summary>config.yml the way the task reads it: parsed, merged with the (here empty) items, properties filled in.</summary>
    private static ModelResult FromConfig(string yaml, string app, params ProcessInput[] items) => FromConfig(yaml, app, SeedAddonDeclarations, items);

    private static ModelResult FromConfig(string yaml, string app, AddonInput[] addonItems, params ProcessInput[] items)
    {
        var config = ConfigYamlSource.Parse("/src/config.yml", yaml, app);
        Assert.DoesNotContain(config.Diagnostics, d => d.IsError);
        var merged = InputMerger.Merge(items, [], config.Processes);
        Assert.Empty(merged.Diagnostics);
        return ModelBuilder.Build(new AppInput(ProjectFile, InputMerger.MergeProperties(Properties(app), config.Properties), merged.Processes, [])
        {
            Addons = config.Addons,
            AddonItems = addonItems,
        });
    }

    /// <summary>The addons the seed's config.yml attaches, declared the way a project declares them (SuperDeployAddon items, e.g. in Directory.Build.props).</summary>
    private static AddonInput[] SeedAddonDeclarations =>
    [
        new("databases.primary", new Dictionary<string, string> { ["Type"] = "postgres" }, new SourceLocation("/src/Directory.Build.props")),
        new("queues.main", new Dictionary<string, string> { ["Type"] = "rabbitmq" }, new SourceLocation("/src/Directory.Build.props")),
    ];

    private static void AssertSame(ModelResult expected, ModelResult actual)
    {
        Assert.Equal(expected.Diagnostics.Select(d => d.Code), actual.Diagnostics.Select(d => d.Code));
        Assert.Equal(expected.App is null, actual.App is null);
        if (expected.App is null) return;
        Assert.Equal(Models.Settings(expected.App), Models.Settings(actual.App!));
        Assert.Equal(Models.Shape(expected.App), Models.Shape(actual.App!));
    }

    private static ProcessInput[] PythonItems =>
    [
        Item("web", "Command=gunicorn app:app --bind 0.0.0.0:$PORT --workers 4", "Port=8000", "Replicas=2"),
        Item("worker", "Command=python craft queue:work --tries=3", "Replicas=5"),
        Item("release", "Command=python craft migrate --force", "RunOn=deploy"),
    ];

    [Fact]
    public void TheSeedsConfigExampleIsTheModelOfItsItems()
    {
        var fromConfig = FromConfig(ConfigExample, "api");

        AssertSame(FromItems("api", PythonItems, "SuperDeployVm=app", "SuperDeployDomain=api.cheapa.io"), fromConfig);
        Assert.Empty(fromConfig.Diagnostics);
        Assert.Equal([ProcessKind.Web, ProcessKind.Worker, ProcessKind.Release], fromConfig.App!.Processes.Select(p => p.Kind));
        Assert.Equal(new SourceLocation("/src/config.yml", 13, 7), fromConfig.App.Processes[0].Location);
        Assert.Equal(["databases.primary as DB", "queues.main as RABBITMQ"], fromConfig.App.Addons.Select(a => $"{a.Reference} as {a.Alias}"));
    }

    [Fact]
    public void TheSeedsConfigExampleWithoutAddonDeclarationsNamesEachUndeclaredAddonAtItsLine()
    {
        var result = FromConfig(ConfigExample, "api", Array.Empty<AddonInput>());

        Assert.Null(result.App);
        Assert.Equal([(ErrorCodes.AddonNotDeclared, 8), (ErrorCodes.AddonNotDeclared, 9)], result.Diagnostics.Select(d => (d.Code, d.Location.Line)));
    }

    [Fact]
    public void TheSeedsPythonAppExampleIsTheModelOfItsItems() => AssertSame(FromItems("api", PythonItems), FromConfig(Wrap(PythonApp), "api"));

    [Fact]
    public void TheSeedsUsageAndNextJsExamplesAreTheModelsOfTheirItems()
    {
        AssertSame(
            FromItems("myapp", [Item("web", "Command=gunicorn app:app", "Port=8000", "Replicas=2"), Item("worker", "Command=celery worker", "Replicas=5")]),
            FromConfig(UsageExample, "myapp"));
        AssertSame(FromItems("storefront", [Item("web", "Command=npm run start", "Port=3000", "Replicas=1")]), FromConfig(Wrap(NextJsApp), "storefront"));
    }

    [Theory]
    [InlineData("user-service", "8001", "2")]
    [InlineData("order-service", "8002", "5")]
    public void TheSeedsMicroservicesAreTheModelsOfTheirItems(string app, string port, string workers) =>
        AssertSame(
            FromItems(app, [Item("web", "Command=uvicorn main:app", $"Port={port}", "Replicas=3"), Item("worker", "Command=celery -A tasks worker", $"Replicas={workers}")]),
            FromConfig(Wrap(Microservices), app));

    [Fact]
    public void TheSeedsProcessTypesIncludingCronAreTheModelOfTheirItems()
    {
        var yaml = Wrap("processes:\n" + string.Join("\n", string.Join("\n", WebProcess, WorkerProcess, ReleaseProcess, CronProcess).Split('\n').Select(l => "  " + l)), "api");

        var fromConfig = FromConfig(yaml, "api");

        AssertSame(
            FromItems("api",
            [
                Item("web", "Command=gunicorn app:app --bind 0.0.0.0:$PORT", "Port=8000", "Replicas=2"),
                Item("worker", "Command=python craft queue:work", "Replicas=5"),
                Item("release", "Command=python craft migrate --force", "RunOn=deploy"),
                Item("scheduler", "Command=python craft schedule:run", "Schedule=0 * * * *"),
            ]),
            fromConfig);
        Assert.Equal(ProcessKind.Cron, fromConfig.App!.Processes[3].Kind);
    }

    [Fact]
    public void TheSeedsResourcesAreTheModelOfMemoryAndCpuItems()
    {
        // The seed's web has no port; the item that adds one is how a project completes it.
        var fromConfig = FromConfig(Wrap(ProcessLevelResources, "api"), "api", Item("web", "Port=8000"));

        AssertSame(
            FromItems("api", [Item("web", "Command=gunicorn...", "Port=8000", "Memory=512M", "Cpu=0.5"), Item("worker", "Command=celery...", "Memory=2G", "Cpu=1.0")]),
            fromConfig);
        Assert.Equal((512L * 1024 * 1024, 0.5), (fromConfig.App!.Processes[0].MemoryBytes, fromConfig.App.Processes[0].Cpu));
        Assert.Equal((2L * 1024 * 1024 * 1024, 1.0), (fromConfig.App.Processes[1].MemoryBytes, fromConfig.App.Processes[1].Cpu));
    }

    [Fact]
    public void TheSeedsDependenciesAreTheModelOfDependsOnItems()
    {
        var yaml = Wrap(ProcessDependencies + "\n  release:\n    command: python craft migrate --force\n    run_on: deploy", "api");

        var fromConfig = FromConfig(yaml, "api", Item("web", "Port=8000"));

        AssertSame(
            FromItems("api",
            [
                Item("web", "Command=gunicorn...", "DependsOn=release", "Port=8000"),
                Item("worker", "Command=celery...", "DependsOn=web"),
                Item("release", "Command=python craft migrate --force", "RunOn=deploy"),
            ]),
            fromConfig);
        Assert.Equal(["release"], fromConfig.App!.Processes[0].DependsOn);
    }

    [Fact]
    public void TheSeedsIncompleteExamplesFailWithTheSameCodesAsTheirItems()
    {
        // "After": web has no port (SD1011). "Process Dependencies": web has no port and release does not exist (SD1023).
        AssertSame(FromItems("api", [Item("web", "Command=...", "Replicas=2"), Item("worker", "Command=...", "Replicas=5")]), FromConfig(AfterProcessBased, "api"));
        AssertSame(
            FromItems("api", [Item("web", "Command=gunicorn...", "DependsOn=release"), Item("worker", "Command=celery...", "DependsOn=web")]),
            FromConfig(Wrap(ProcessDependencies, "api"), "api"));
        Assert.Equal([ErrorCodes.WebWithoutPort, ErrorCodes.DependsOnUnknown], FromConfig(Wrap(ProcessDependencies, "api"), "api").Diagnostics.Select(d => d.Code));
    }

    [Fact]
    public void TheSeedsProcfileWithAPortItemIsTheModelOfItsItems()
    {
        var (fromProcfile, diagnostics) = ProcfileSource.Parse("/src/Api/Procfile", ExternalProcfile);
        var merged = InputMerger.Merge([Item("web", "Port=8000"), Item("worker", "Replicas=2")], fromProcfile, []);

        var result = ModelBuilder.Build(new AppInput(ProjectFile, Properties("myapp"), merged.Processes, []));

        Assert.Empty(diagnostics);
        Assert.Empty(merged.Diagnostics);
        AssertSame(
            FromItems("myapp", [Item("web", "Command=gunicorn app:app", "Port=8000"), Item("worker", "Command=celery worker", "Replicas=2"), Item("release", "Command=python manage.py migrate")]),
            result);
        Assert.Equal(new SourceLocation("/src/Api/Procfile", 2, 1), result.App!.Processes[0].Location);
    }

    [Fact]
    public void ValidationErrorsInAProcfileProcessPointAtItsLine()
    {
        var (processes, _) = ProcfileSource.Parse("/src/Api/Procfile", "web: run\nWorker_1: run\n");

        var result = ModelBuilder.Build(new AppInput(ProjectFile, Properties("myapp"), processes, []));

        Assert.Equal(
            [(ErrorCodes.WebWithoutPort, 1), (ErrorCodes.ProcessNameInvalid, 2)],
            result.Diagnostics.Select(d => (d.Code, d.Location.Line)));
    }
}
