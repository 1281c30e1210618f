using SuperDeploy.Model;
using SuperDeploy.Sources;
using SuperDeploy.Validation;

namespace SuperDeploy.Tests.Unit.Sources;

/// <summary>The call the generate task makes: files named by properties, read from disk, merged into one AppInput.</summary>
public sealed class AppSourcesTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "superdeploy-sources-" + Guid.NewGuid().ToString("N"));

    public AppSourcesTests() => Directory.CreateDirectory(Path.Combine(root, "Api"));

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string ProjectFile => Path.Combine(root, "Api", "Api.csproj");

    private void Write(string relative, string text) => File.WriteAllText(Path.Combine(root, relative), text);

    private static ProcessInput Item(string name, params string[] metadata) =>
        new(name, metadata.Select(m => m.Split('=', 2)).ToDictionary(m => m[0], m => m[1]), new SourceLocation("Api.csproj"));

    private SourcesResult Read(SourceFiles files, Dictionary<string, string>? properties = null, params ProcessInput[] items) =>
        AppSources.Read(ProjectFile, properties ?? new Dictionary<string, string> { ["SuperDeployApp"] = "api" }, items, ["DB_URL"], files);

    [Fact]
    public void WithoutFilesTheItemsAreTheInput()
    {
        var result = Read(SourceFiles.None, null, Item("web", "Command=run", "Port=80"));

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["web"], result.Input!.Processes.Select(p => p.Name));
        Assert.Equal(["DB_URL"], result.Input.Secrets);
        Assert.Equal(ProjectFile, result.Input.ProjectFile);
        Assert.Empty(result.Input.Addons);
    }

    [Fact]
    public void ConfigIsReadRelativeToTheProjectAndFillsPropertiesAndAddons()
    {
        Write("config.yml", SeedExamples.ConfigExample);

        var result = Read(new SourceFiles(Config: "../config.yml"),
            new Dictionary<string, string> { ["SuperDeployApp"] = "api", ["SuperDeployDomain"] = "api.example.com", ["SuperDeployVm"] = "" },
            Item("web", "HealthPath=/health"));

        Assert.Empty(result.Diagnostics);
        var input = result.Input!;
        Assert.Equal(["web", "worker", "release"], input.Processes.Select(p => p.Name));
        Assert.Equal("/health", input.Processes[0].Get("HealthPath"));
        Assert.Equal(Path.Combine(root, "config.yml"), input.Processes[0].Location.File);
        Assert.Equal(("app", "api.example.com"), (input.Property("SuperDeployVm"), input.Property("SuperDeployDomain")));
        Assert.Equal(["DB", "RABBITMQ"], input.Addons.Select(a => a.Alias));
    }

    [Theory]
    [InlineData("useProcfile")]
    [InlineData("explicit")]
    [InlineData("config")]
    public void TheProcfileIsReadWhenAPropertyOrConfigAsksForIt(string how)
    {
        Write("Api/Procfile", SeedExamples.ExternalProcfile);
        Directory.CreateDirectory(Path.Combine(root, "Api", "deploy"));
        Write("Api/deploy/Procfile.prod", "web: gunicorn app:app --prod\n");
        Write("config.yml", SeedExamples.ExternalProcfileConfig);
        var files = how switch
        {
            "useProcfile" => SourceFiles.FromProperties(null, "True", null),
            "explicit" => SourceFiles.FromProperties("deploy/Procfile.prod", "", " "),
            _ => SourceFiles.FromProperties("", "false", "../config.yml"),
        };

        var result = Read(files, new Dictionary<string, string> { ["SuperDeployApp"] = "myapp" }, Item("web", "Port=8000"));

        Assert.Empty(result.Diagnostics);
        Assert.Equal(how == "explicit" ? ["web"] : ["web", "worker", "release"], result.Input!.Processes.Select(p => p.Name));
        Assert.Equal("8000", result.Input.Processes[0].Get("Port"));
        Assert.Equal(Path.Combine(root, "Api", how == "explicit" ? "deploy/Procfile.prod" : "Procfile"), Path.GetFullPath(result.Input.Processes[0].Location.File));
    }

    [Theory]
    [InlineData("SuperDeployConfig")]
    [InlineData("SuperDeployProcfile")]
    [InlineData("SuperDeployUseProcfile")]
    public void AMissingFileIsAnErrorNamingTheProperty(string property)
    {
        var files = property switch
        {
            "SuperDeployConfig" => new SourceFiles(Config: "config.yml"),
            "SuperDeployProcfile" => new SourceFiles(Procfile: "Procfile.web"),
            _ => new SourceFiles(UseProcfile: true),
        };

        var result = Read(files);

        Assert.Null(result.Input);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(ErrorCodes.SourceFileMissing, error.Code);
        Assert.Contains(property, error.Message);
        Assert.Equal(ProjectFile, error.Location.File);
    }

    [Fact]
    public void AnyErrorInASourceMeansNoInput()
    {
        Write("Api/Procfile", "web: run\n<<<<<<< HEAD\n");

        var result = Read(new SourceFiles(UseProcfile: true), null, Item("worker", "Command=run"));

        Assert.Null(result.Input);
        Assert.Equal([ErrorCodes.ProcfileConflictMarker], result.Diagnostics.Select(d => d.Code));
    }

    [Fact]
    public void AProcessInTheProcfileAndConfigIsAConflict()
    {
        Write("Api/Procfile", "web: gunicorn app:app\n");
        Write("config.yml", SeedExamples.UsageExample);

        var result = Read(new SourceFiles(UseProcfile: true, Config: "../config.yml"), new Dictionary<string, string> { ["SuperDeployApp"] = "myapp" });

        Assert.Null(result.Input);
        Assert.Equal([ErrorCodes.ProcessDeclaredTwice], result.Diagnostics.Select(d => d.Code));
    }

    [Fact]
    public void WarningsKeepTheInput()
    {
        Write("config.yml", "apps:\n  api:\n    image: x\n    processes:\n      worker: {command: run}\n");

        var result = Read(new SourceFiles(Config: Path.Combine(root, "config.yml")));

        Assert.Equal([ErrorCodes.ConfigKeyUnknown], result.Diagnostics.Select(d => d.Code));
        Assert.Single(result.Input!.Processes);
    }
}
