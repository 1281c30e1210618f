using SuperDeploy.Model;
using SuperDeploy.Sources;
using SuperDeploy.Validation;

namespace SuperDeploy.Tests.Unit.Sources;

public class ProcfileWriterTests
{
    private static AppDefinition App(params ProcessInput[] processes)
    {
        var result = ModelBuilder.Build(new AppInput("/src/Shop/Shop.csproj",
            new Dictionary<string, string> { ["SuperDeployProject"] = "acme", ["SuperDeployApp"] = "shop" }, processes, []));
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.App!;
    }

    private static ProcessInput Item(string name, params string[] metadata) =>
        new(name, metadata.Select(m => m.Split('=', 2)).ToDictionary(m => m[0], m => m[1]), new SourceLocation("/src/Shop/Shop.csproj"));

    private static AppDefinition Shop => App(
        Item("web", "Command=dotnet Shop.dll --urls http://+:$PORT", "Port=8080", "Replicas=2", "HealthPath=/health"),
        Item("worker", "Command=dotnet Shop.dll worker --queue 'high priority'", "Replicas=3"),
        Item("migrate", "Command=dotnet Shop.dll migrate", "RunOn=deploy"),
        Item("nightly", "Command=dotnet Shop.dll report", "Schedule=0 3 * * *"));

    [Fact]
    public void WritesOneLinePerProcessWithTheReleaseAsReleaseAndCronAsAComment() =>
        Assert.Equal(
            "web: dotnet Shop.dll --urls http://+:$PORT\n" +
            "worker: dotnet Shop.dll worker --queue 'high priority'\n" +
            "release: dotnet Shop.dll migrate\n" +
            "# nightly: not written; Heroku has no cron in Procfiles (use Heroku Scheduler to run it on '0 3 * * *'): dotnet Shop.dll report\n",
            ProcfileWriter.Write(Shop));

    [Fact]
    public void AnAppWithoutProcessesWritesAnEmptyProcfile() =>
        Assert.Equal("", ProcfileWriter.Write(App()));

    [Fact]
    public void TheWrittenProcfileReadsBackAsTheSameProcessesAndCommands()
    {
        var app = Shop;

        var (processes, diagnostics) = ProcfileSource.Parse("/src/Shop/Procfile", ProcfileWriter.Write(app));

        Assert.Empty(diagnostics);
        Assert.Equal(
            app.Processes.Where(p => p.Kind != ProcessKind.Cron).Select(p => (p.Kind == ProcessKind.Release ? "release" : p.Name, p.Command)),
            processes.Select(p => (p.Name, p.Get(MetadataNames.Command)!)));
    }

    [Fact]
    public void TheWrittenProcfilePlusPortAndReplicaItemsBuildsTheSameModelLessCron()
    {
        var app = Shop;
        var (fromProcfile, _) = ProcfileSource.Parse("/src/Shop/Procfile", ProcfileWriter.Write(app));
        var items = new[] { Item("web", "Port=8080", "Replicas=2", "HealthPath=/health"), Item("worker", "Replicas=3") };

        var merged = InputMerger.Merge(items, fromProcfile, []);
        var roundTrip = App([.. merged.Processes]);

        Assert.Empty(merged.Diagnostics);
        Assert.Equal(
            Models.Shape(app).Where(p => !p.Contains("|Cron|")).Select(p => p.StartsWith("migrate|") ? "release" + p.Substring("migrate".Length) : p),
            Models.Shape(roundTrip));
    }

    [Fact]
    public void AMultiLineCommandCannotBeWritten()
    {
        var valid = App(Item("worker", "Command=run"));
        var app = valid with { Processes = [valid.Processes[0] with { Command = "run\nrm -rf /" }] };

        Assert.Throws<ArgumentException>(() => ProcfileWriter.Write(app));
    }
}
