using SuperDeploy.Validation;
using static SuperDeploy.Tests.Unit.Validation.Inputs;

namespace SuperDeploy.Tests.Unit.Validation;

public class WarningTests
{
    [Fact]
    public void NoProcessesIsAWarningAndStillAnApp()
    {
        var result = ModelBuilder.Build(App());

        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal((ErrorCodes.NoProcesses, DiagnosticSeverity.Warning), (warning.Code, warning.Severity));
        Assert.Contains(FileName, warning.Message);
        Assert.Contains("'shop'", warning.Message);
        Assert.False(result.HasErrors);
        Assert.Empty(Assert.IsType<SuperDeploy.Model.AppDefinition>(result.App).Processes);
    }

    [Theory]
    [InlineData("Ports", "Port")]
    [InlineData("Replica", "Replicas")]
    [InlineData("Comand", "Command")]
    [InlineData("HealtPath", "HealthPath")]
    [InlineData("DependOn", "DependsOn")]
    [InlineData("Schedul", "Schedule")]
    [InlineData("memroy", "Memory")]
    public void UnknownMetadataCloseToAKnownNameSuggestsIt(string metadata, string suggestion)
    {
        var result = ModelBuilder.Build(App(Process("web", "Command=run", "Port=80", $"{metadata}=42")));

        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal((ErrorCodes.MetadataUnknown, DiagnosticSeverity.Warning), (warning.Code, warning.Severity));
        Assert.Contains("'web'", warning.Message);
        Assert.Contains($"{metadata}='42'", warning.Message);
        Assert.Contains(FileName, warning.Message);
        Assert.EndsWith($"Did you mean {suggestion}?", warning.Message);
        Assert.NotNull(result.App);
    }

    [Fact]
    public void UnknownMetadataFarFromAnyKnownNameListsTheKnownOnes()
    {
        var warning = Assert.Single(ModelBuilder.Build(App(Process("web", "Command=run", "Port=80", "Flavour=vanilla"))).Diagnostics);

        Assert.Equal(ErrorCodes.MetadataUnknown, warning.Code);
        Assert.Contains("Flavour='vanilla'", warning.Message);
        Assert.DoesNotContain("Did you mean", warning.Message);
        Assert.Contains("Command, Port, Replicas", warning.Message);
    }

    [Theory]
    [InlineData("Visible")]
    [InlineData("Link")]
    [InlineData("OriginalItemSpec")]
    [InlineData("DefiningProjectFullPath")]
    [InlineData("DefiningProjectDirectory")]
    [InlineData("DefiningProjectName")]
    [InlineData("DefiningProjectExtension")]
    [InlineData("_SuperDeployInternal")]
    public void MSBuildsOwnMetadataIsIgnored(string metadata) =>
        Assert.Empty(ModelBuilder.Build(App(Process("web", "Command=run", "Port=80", $"{metadata}=x"))).Diagnostics);

    [Fact]
    public void MetadataNamesAreCaseInsensitiveLikeMSBuilds()
    {
        var result = ModelBuilder.Build(App(Process("web", "command=run", "PORT=8080", "healthpath=/up")));

        Assert.Empty(result.Diagnostics);
        var web = Assert.Single(result.App!.Processes);
        Assert.Equal(("run", 8080, "/up"), (web.Command, web.Port, web.HealthPath));
    }

    [Fact]
    public void WarningsAndErrorsAreReportedTogether()
    {
        var result = ModelBuilder.Build(App(Process("web", "Command=run", "Port=http", "Replica=2")));

        Assert.Equal([ErrorCodes.MetadataUnknown, ErrorCodes.PortInvalid], result.Diagnostics.Select(d => d.Code));
        Assert.Null(result.App);
    }
}
