using SuperDeploy.Model;
using SuperDeploy.Sources;
using SuperDeploy.Validation;

namespace SuperDeploy.Tests.Unit.Sources;

public class InputMergerTests
{
    private const string Project = "/src/Shop/Shop.csproj";

    private static ProcessInput Item(string name, params string[] metadata) => At(new SourceLocation(Project), name, metadata);

    private static ProcessInput Procfile(int line, string name, string command) => At(new SourceLocation("/src/Shop/Procfile", line, 1), name, "Command=" + command);

    private static ProcessInput Config(int line, string name, params string[] metadata) => At(new SourceLocation("/src/config.yml", line, 7), name, metadata);

    private static ProcessInput At(SourceLocation location, string name, params string[] metadata) =>
        new(name, metadata.Select(m => m.Split('=', 2)).ToDictionary(m => m[0], m => m[1], StringComparer.OrdinalIgnoreCase), location);

    private static string[] Shape(MergeResult result) =>
        result.Processes.Select(p => $"{p.Name}@{System.IO.Path.GetFileName(p.Location.File)}: " + string.Join("; ", p.Metadata.OrderBy(m => m.Key).Select(m => $"{m.Key}={m.Value}"))).ToArray();

    [Fact]
    public void DistinctProcessesAreKeptInConfigProcfileItemOrder()
    {
        var result = InputMerger.Merge(
            [Item("tick", "Command=run", "Schedule=@hourly")],
            [Procfile(1, "web", "gunicorn app:app"), Procfile(2, "worker", "celery worker")],
            [Config(3, "release", "Command=migrate")]);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(
            ["release@config.yml: Command=migrate", "web@Procfile: Command=gunicorn app:app", "worker@Procfile: Command=celery worker", "tick@Shop.csproj: Command=run; Schedule=@hourly"],
            Shape(result));
    }

    [Fact]
    public void AnItemWithoutCommandAddsItsMetadataToTheProcfileProcess()
    {
        var result = InputMerger.Merge(
            [Item("web", "Port=8080", "Replicas=2", "HealthPath=/health", "Memory="), Item("worker", "Replicas=3")],
            [Procfile(1, "web", "gunicorn app:app"), Procfile(2, "worker", "celery worker")],
            []);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(
            ["web@Procfile: Command=gunicorn app:app; HealthPath=/health; Port=8080; Replicas=2", "worker@Procfile: Command=celery worker; Replicas=3"],
            Shape(result));
        Assert.Equal(new SourceLocation("/src/Shop/Procfile", 1, 1), result.Processes[0].Location);
    }

    [Fact]
    public void AnItemWithoutCommandAddsToAConfigProcessAndMayRepeatAnEqualValue()
    {
        var result = InputMerger.Merge([Item("WEB", "Port=80", "Replicas=2", "DependsOn=release")], [], [Config(3, "web", "Command=run", "Port=80", "replicas=2")]);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["web@config.yml: Command=run; DependsOn=release; Port=80; replicas=2"], Shape(result));
    }

    [Fact]
    public void ItemsMatchingNothingPassThroughForValidationToJudge()
    {
        var result = InputMerger.Merge([Item("web", "Port=80"), Item("web", "Command=run")], [Procfile(1, "worker", "run")], []);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["worker@Procfile: Command=run", "web@Shop.csproj: Port=80", "web@Shop.csproj: Command=run"], Shape(result));
    }

    [Fact]
    public void AProcessInBothTheProcfileAndConfigIsAConflictNamingBothLocations()
    {
        var result = InputMerger.Merge([], [Procfile(4, "web", "a"), Procfile(5, "worker", "b")], [Config(12, "web", "Command=c")]);

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(ErrorCodes.ProcessDeclaredTwice, error.Code);
        Assert.Equal(new SourceLocation("/src/Shop/Procfile", 4, 1), error.Location);
        Assert.Contains("config.yml(12,7)", error.Message);
        Assert.Contains("Procfile(4,1)", error.Message);
        Assert.Equal(["web@config.yml: Command=c", "worker@Procfile: Command=b"], Shape(result));
    }

    [Theory]
    [InlineData("procfile")]
    [InlineData("config")]
    public void AnItemWithCommandForAFileProcessIsAConflict(string source)
    {
        ProcessInput[] file = [source == "procfile" ? Procfile(2, "web", "gunicorn") : Config(9, "web", "Command=gunicorn")];
        var result = InputMerger.Merge([Item("web", "Command=dotnet Shop.dll", "Port=8080")], source == "procfile" ? file : [], source == "config" ? file : []);

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(ErrorCodes.ItemRedeclaresProcess, error.Code);
        Assert.Equal(new SourceLocation(Project), error.Location);
        Assert.Contains("'dotnet Shop.dll'", error.Message);
        Assert.Contains(source == "procfile" ? "Procfile(2,1)" : "config.yml(9,7)", error.Message);
        Assert.Contains("Shop.csproj", error.Message);
    }

    [Fact]
    public void AnItemSettingAValueTheFileSetDifferentlyIsAConflict()
    {
        var result = InputMerger.Merge([Item("web", "Port=8080", "Replicas=3")], [], [Config(12, "web", "Command=run", "Port=8000")]);

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(ErrorCodes.ProcessMetadataConflict, error.Code);
        Assert.Contains("Port '8080'", error.Message);
        Assert.Contains("config.yml(12,7)", error.Message);
        Assert.Contains("'8000'", error.Message);
        Assert.Equal(["web@config.yml: Command=run; Port=8000; Replicas=3"], Shape(result));
    }

    [Fact]
    public void TwoItemsAddingToOneProcessMustAgree()
    {
        var result = InputMerger.Merge([Item("web", "Port=80"), Item("web", "Replicas=2"), Item("web", "Port=81")], [Procfile(1, "web", "run")], []);

        Assert.Equal([ErrorCodes.ProcessMetadataConflict], result.Diagnostics.Select(d => d.Code));
        Assert.Equal(["web@Procfile: Command=run; Port=80; Replicas=2"], Shape(result));
    }

    [Fact]
    public void ProjectPropertiesWinAndConfigFillsTheGaps()
    {
        var merged = InputMerger.MergeProperties(
            new Dictionary<string, string> { ["SuperDeployApp"] = "api", ["SuperDeployVm"] = " ", ["SuperDeployDomain"] = "shop.example.com" },
            new Dictionary<string, string> { ["SuperDeployVm"] = "app", ["SuperDeployDomain"] = "api.cheapa.io" });

        Assert.Equal(new Dictionary<string, string> { ["SuperDeployApp"] = "api", ["SuperDeployVm"] = "app", ["SuperDeployDomain"] = "shop.example.com" }, merged);
    }
}
