using SuperDeploy.Model;
using SuperDeploy.Validation;
using static SuperDeploy.Tests.Unit.Validation.Inputs;

namespace SuperDeploy.Tests.Unit.Validation;

public class ModelBuilderTests
{
    private static AppDefinition Valid(AppInput input)
    {
        var result = ModelBuilder.Build(input);
        Assert.Empty(result.Diagnostics);
        return Assert.IsType<AppDefinition>(result.App);
    }

    private static ProcessDefinition OnlyProcess(ProcessInput process) =>
        Valid(App(Web, process)).Processes.Single(p => p.Name == process.Name);

    [Fact]
    public void TheSeedsAppBecomesTheModelInDeclarationOrder()
    {
        var app = Valid(App(
            new Dictionary<string, string> { ["SuperDeployVm"] = "edge-1", ["SuperDeployDomain"] = "shop.example.com" },
            ["DB_URL", "stripe_key"],
            Process("web", "Command=dotnet Shop.dll", "Port=8000", "Replicas=2", "HealthPath=/health", "DependsOn=release"),
            Process("worker", "Command=dotnet Shop.dll --worker"),
            Process("release", "Command=dotnet Shop.dll --migrate", "RunOn=deploy"),
            Process("scheduler", "Command=dotnet Shop.dll --tick", "Schedule=0 * * * *")));

        Assert.Equal(("acme", "shop", "edge-1", "shop.example.com", ProjectFile), (app.Project, app.App, app.Vm, app.Domain, app.ProjectFile));
        Assert.Equal(["web", "worker", "release", "scheduler"], app.Processes.Select(p => p.Name));
        Assert.Equal([ProcessKind.Web, ProcessKind.Worker, ProcessKind.Release, ProcessKind.Cron], app.Processes.Select(p => p.Kind));
        Assert.Equal(["DB_URL", "stripe_key"], app.Secrets);

        var web = app.Processes[0];
        Assert.Equal(("dotnet Shop.dll", 8000, 2, "/health"), (web.Command, web.Port, web.Replicas, web.HealthPath));
        Assert.Equal(["release"], web.DependsOn);
        Assert.Equal("0 * * * *", app.Processes[3].Schedule);
        Assert.Equal(new SourceLocation(ProjectFile), web.Location);
    }

    [Theory]
    [InlineData("web", "Port=8080", ProcessKind.Web)]
    [InlineData("admin", "Port=9000", ProcessKind.Web)]
    [InlineData("worker", "Replicas=3", ProcessKind.Worker)]
    [InlineData("release", "Memory=256m", ProcessKind.Release)]
    [InlineData("migrate", "RunOn=deploy", ProcessKind.Release)]
    [InlineData("migrate", "RunOn= Deploy ", ProcessKind.Release)]
    [InlineData("tick", "Schedule=*/5 * * * *", ProcessKind.Cron)]
    [InlineData("nightly", "Schedule=@daily", ProcessKind.Cron)]
    [InlineData("hourly", "Schedule=@hourly", ProcessKind.Cron)]
    [InlineData("weekday", "Schedule=30 9 * * MON-FRI", ProcessKind.Cron)]
    public void KindIsDerivedFromNameAndMetadata(string name, string metadata, ProcessKind kind)
    {
        var input = App(Process(name, "Command=dotnet Shop.dll", metadata), Process("other", "Command=run"));

        Assert.Equal(kind, Valid(input).Processes[0].Kind);
    }

    [Fact]
    public void DefaultsApply()
    {
        var app = Valid(App(Process("web", "Command=run", "Port=80"), Process("worker", "Command=run"), Process("release", "Command=run"),
            Process("tick", "Command=run", "Schedule=@hourly")));

        Assert.Equal("app", app.Vm);
        Assert.Null(app.Domain);
        Assert.Empty(app.Secrets);
        Assert.All(app.Processes, p => Assert.Equal(1, p.Replicas));
        Assert.All(app.Processes, p => Assert.Empty(p.DependsOn));
        Assert.All(app.Processes, p => Assert.Null(p.MemoryBytes));
        Assert.All(app.Processes, p => Assert.Null(p.Cpu));
        Assert.Null(app.Processes[0].HealthPath);
        Assert.Null(app.Processes[1].Port);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void EmptyVmMeansApp(string vm) => Assert.Equal("app", Valid(WithProperty("SuperDeployVm", vm)).Vm);

    [Fact]
    public void ValuesAreTrimmed()
    {
        var app = Valid(App(
            new Dictionary<string, string> { ["SuperDeployApp"] = " shop ", ["SuperDeployDomain"] = " shop.localhost " },
            [" DB_URL "],
            Process(" web ", "Command=  dotnet Shop.dll  ", "Port= 8080 ", "HealthPath= /up ", "Memory= 512m ", "Cpu= 0.5 ")));

        var web = app.Processes.Single();
        Assert.Equal(("shop", "shop.localhost", "DB_URL"), (app.App, app.Domain, app.Secrets.Single()));
        Assert.Equal(("web", "dotnet Shop.dll", 8080, "/up", 512L * 1024 * 1024, 0.5), (web.Name, web.Command, web.Port, web.HealthPath, web.MemoryBytes, web.Cpu));
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("65535", 65535)]
    [InlineData("0080", 80)]
    public void PortsInRangeAreAccepted(string port, int expected) =>
        Assert.Equal(expected, Valid(App(Process("web", "Command=run", "Port=" + port))).Processes[0].Port);

    [Theory]
    [InlineData("0", 0)]
    [InlineData("1", 1)]
    [InlineData("12", 12)]
    public void WorkerReplicasMayBeZeroOrMore(string replicas, int expected) =>
        Assert.Equal(expected, OnlyProcess(Process("worker", "Command=run", "Replicas=" + replicas)).Replicas);

    [Fact]
    public void CronMayStateItsSingleReplica() =>
        Assert.Equal(1, OnlyProcess(Process("tick", "Command=run", "Schedule=@hourly", "Replicas=1")).Replicas);

    [Theory]
    [InlineData("6291456", 6291456L)]
    [InlineData("6m", 6291456L)]
    [InlineData("512m", 536870912L)]
    [InlineData("512M", 536870912L)]
    [InlineData("512Mi", 536870912L)]
    [InlineData("512mb", 536870912L)]
    [InlineData("8192k", 8388608L)]
    [InlineData("1g", 1073741824L)]
    [InlineData("2GB", 2147483648L)]
    [InlineData("1.5g", 1610612736L)]
    [InlineData("7000000.9b", 7000000L)]
    public void MemoryIsParsedToBytes(string memory, long expected) =>
        Assert.Equal(expected, OnlyProcess(Process("worker", "Command=run", "Memory=" + memory)).MemoryBytes);

    [Theory]
    [InlineData("0.5", 0.5)]
    [InlineData("1", 1.0)]
    [InlineData("2.25", 2.25)]
    [InlineData("512", 512.0)]
    public void CpuIsParsedToCpus(string cpu, double expected) =>
        Assert.Equal(expected, OnlyProcess(Process("worker", "Command=run", "Cpu=" + cpu)).Cpu);

    [Fact]
    public void DependsOnIsSplitTrimmedAndDeduplicated()
    {
        var app = Valid(App(
            Process("web", "Command=run", "Port=80", "DependsOn= worker ; release,, worker ;"),
            Process("worker", "Command=run", "DependsOn=release"),
            Process("release", "Command=run")));

        Assert.Equal(["worker", "release"], app.Processes[0].DependsOn);
        Assert.Equal(["release"], app.Processes[1].DependsOn);
    }

    [Fact]
    public void ADiamondOfDependenciesIsNoCycle()
    {
        var app = Valid(App(
            Process("web", "Command=run", "Port=80", "DependsOn=api;worker"),
            Process("api", "Command=run", "Port=81", "DependsOn=db"),
            Process("worker", "Command=run", "DependsOn=db"),
            Process("db", "Command=run")));

        Assert.Equal(4, app.Processes.Count);
    }

    [Theory]
    [InlineData("shop.example.com", "shop.example.com")]
    [InlineData("Shop.Example.COM", "shop.example.com")]
    [InlineData("*.example.com", "*.example.com")]
    [InlineData("shop.localhost", "shop.localhost")]
    [InlineData("localhost", "localhost")]
    [InlineData("*.localhost", "*.localhost")]
    [InlineData("a-b.c-d.example", "a-b.c-d.example")]
    public void DomainsAreAcceptedInLowerCase(string domain, string expected) =>
        Assert.Equal(expected, Valid(WithProperty("SuperDeployDomain", domain)).Domain);

    [Fact]
    public void NamesMayUseTheFullSixtyThreeCharacters()
    {
        var app = new string('a', 29);
        Assert.Single(Valid(WithProperty("SuperDeployApp", app, Process("web", "Command=run", "Port=80"))).Processes);
        Assert.Contains(ModelBuilder.Build(WithProperty("SuperDeployApp", app + "a", Process("web", "Command=run", "Port=80"))).Diagnostics,
            d => d.Code == ErrorCodes.SwarmServiceNameTooLong);
    }

    [Fact]
    public void AnyErrorLeavesNoApp()
    {
        var result = ModelBuilder.Build(App(Web, Process("worker", "Command=run", "Replicas=two"), Process("tick", "Command=run", "Schedule=@hourly")));

        Assert.True(result.HasErrors);
        Assert.Null(result.App);
        Assert.Equal([ErrorCodes.ReplicasInvalid], result.Diagnostics.Select(d => d.Code));
    }

    [Fact]
    public void EveryProblemIsReportedInOnePass()
    {
        var result = ModelBuilder.Build(App(
            new Dictionary<string, string> { ["SuperDeployApp"] = "Shop" },
            Process("web", "Command=run", "Port=0"),
            Process("worker", "Command=run", "Memory=lots", "Cpu=0")));

        Assert.Equal([ErrorCodes.PropertyNotDnsLabel, ErrorCodes.PortInvalid, ErrorCodes.MemoryInvalid, ErrorCodes.CpuInvalid],
            result.Diagnostics.Select(d => d.Code));
        Assert.All(result.Diagnostics, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
    }

    [Fact]
    public void ProcessDiagnosticsPointAtWhereTheProcessWasDeclared()
    {
        var procfile = new SourceLocation("/src/Shop/Procfile", 3, 1);
        var process = new ProcessInput("worker", new Dictionary<string, string> { ["Command"] = "run", ["Cpu"] = "half" }, procfile);

        var diagnostic = Assert.Single(ModelBuilder.Build(App(Web, process)).Diagnostics);

        Assert.Equal(procfile, diagnostic.Location);
        Assert.Contains("in Procfile", diagnostic.Message);
        Assert.Equal("/src/Shop/Procfile(3,1): error SD1022: " + diagnostic.Message, diagnostic.ToString());
    }

    [Fact]
    public void PropertyDiagnosticsPointAtTheProjectFile()
    {
        var diagnostic = Assert.Single(ModelBuilder.Build(WithProperty("SuperDeployApp", "Shop")).Diagnostics);

        Assert.Equal(new SourceLocation(ProjectFile), diagnostic.Location);
    }
}
