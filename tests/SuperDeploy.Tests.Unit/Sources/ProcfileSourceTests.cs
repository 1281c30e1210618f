using SuperDeploy.Model;
using SuperDeploy.Sources;
using SuperDeploy.Validation;

namespace SuperDeploy.Tests.Unit.Sources;

public class ProcfileSourceTests
{
    private const string Path = "/src/Shop/Procfile";

    private static IEnumerable<(string Name, string Command, int Line)> Parsed(string text)
    {
        var (processes, diagnostics) = ProcfileSource.Parse(Path, text);
        Assert.Empty(diagnostics);
        return processes.Select(p => (p.Name, Assert.Single(p.Metadata).Value, p.Location.Line));
    }

    [Fact]
    public void TheSeedsProcfileGivesEachLineAProcessWithItsCommand()
    {
        var (processes, diagnostics) = ProcfileSource.Parse(Path, SeedExamples.ExternalProcfile);

        Assert.Empty(diagnostics);
        Assert.Equal(["web", "worker", "release"], processes.Select(p => p.Name));
        Assert.Equal(["gunicorn app:app", "celery worker", "python manage.py migrate"], processes.Select(p => p.Get(MetadataNames.Command)));
        Assert.All(processes, p => Assert.Equal([MetadataNames.Command], p.Metadata.Keys));
        Assert.Equal(new SourceLocation(Path, 2, 1), processes[0].Location);
        Assert.Equal([2, 3, 4], processes.Select(p => p.Location.Line));
    }

    [Fact]
    public void CommentsBlankLinesCrlfAndBomAreTolerated() =>
        Assert.Equal(
            [("web", "dotnet Shop.dll --urls http://+:$PORT", 3), ("worker_2", "dotnet Shop.dll worker", 6), ("Clock-1", "a:b c", 7)],
            Parsed("\uFEFF# processes\r\n\r\nweb: dotnet Shop.dll --urls http://+:$PORT\r\n   # indented comment\r\n  \t\r\nworker_2:dotnet Shop.dll worker   \r\n  Clock-1:  a:b c"));

    [Fact]
    public void AnEmptyProcfileHasNoProcessesAndNoErrors()
    {
        Assert.Empty(Parsed(""));
        Assert.Empty(Parsed("# nothing yet\n\n"));
    }

    [Fact]
    public void TheColumnIsWhereTheNameStarts() =>
        Assert.Equal(new SourceLocation(Path, 2, 3), ProcfileSource.Parse(Path, "\n  web: run").Processes[0].Location);

    public static TheoryData<string, string, string, int> BadFiles => new()
    {
        { "no colon", "web: dotnet Shop.dll\nworker dotnet Shop.dll\n", ErrorCodes.ProcfileLineMalformed, 2 },
        { "bad name", "web: run\nweb.1: run\n", ErrorCodes.ProcfileNameInvalid, 2 },
        { "space in name", "web server: run\n", ErrorCodes.ProcfileNameInvalid, 1 },
        { "space before colon", "web : run\n", ErrorCodes.ProcfileNameInvalid, 1 },
        { "empty name", ": run\n", ErrorCodes.ProcfileNameInvalid, 1 },
        { "duplicate", "web: a\nworker: b\nweb: c\n", ErrorCodes.ProcfileNameDuplicate, 3 },
        { "duplicate ignoring case", "web: a\r\nWEB: b\r\n", ErrorCodes.ProcfileNameDuplicate, 2 },
        { "empty command", "web: run\nworker:\n", ErrorCodes.ProcfileCommandEmpty, 2 },
        { "blank command", "web:    \t\n", ErrorCodes.ProcfileCommandEmpty, 1 },
        { "conflict start", "<<<<<<< HEAD\nweb: a\n", ErrorCodes.ProcfileConflictMarker, 1 },
        { "conflict with colon", "web: a\n<<<<<<< HEAD:Procfile\n", ErrorCodes.ProcfileConflictMarker, 2 },
        { "conflict middle", "web: a\n=======\n", ErrorCodes.ProcfileConflictMarker, 2 },
        { "conflict end", "web: a\n>>>>>>> feature\n", ErrorCodes.ProcfileConflictMarker, 2 },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void ABadLineRejectsTheWholeFileWithItsLineNumber(string why, string text, string code, int line)
    {
        var (processes, diagnostics) = ProcfileSource.Parse(Path, text);

        Assert.Empty(processes);
        var error = Assert.Single(diagnostics);
        Assert.True(error.IsError, why);
        Assert.Equal(code, error.Code);
        Assert.Equal(line, error.Location.Line);
        Assert.Equal(Path, error.Location.File);
        Assert.Contains($"Procfile line {line}", error.Message);
    }

    [Fact]
    public void AMergeConflictReportsEveryMarkerAndDeploysNothing()
    {
        const string conflict = "<<<<<<< HEAD\nweb: dotnet Shop.dll\n=======\nweb: dotnet Shop.dll --new\n>>>>>>> feature\nworker: dotnet Shop.dll worker\n";

        var (processes, diagnostics) = ProcfileSource.Parse(Path, conflict);

        Assert.Empty(processes);
        Assert.Equal(
            [(ErrorCodes.ProcfileConflictMarker, 1), (ErrorCodes.ProcfileConflictMarker, 3), (ErrorCodes.ProcfileNameDuplicate, 4), (ErrorCodes.ProcfileConflictMarker, 5)],
            diagnostics.Select(d => (d.Code, d.Location.Line)));
    }

    [Fact]
    public void TheMessageNamesTheLineAndTheBadText()
    {
        var error = Assert.Single(ProcfileSource.Parse(Path, "web: a\nrm -rf /\n").Diagnostics);

        Assert.Contains("'rm -rf /'", error.Message);
        Assert.Contains("whole Procfile is rejected", error.Message);
    }

    [Fact]
    public void LoadReportsAMissingFileAtTheProject()
    {
        var missing = System.IO.Path.Combine(System.IO.Path.GetTempPath(), Guid.NewGuid().ToString("N"), "Procfile");

        var error = Assert.Single(ProcfileSource.Load(missing, "SuperDeployProcfile", "/src/Shop/Shop.csproj").Diagnostics);

        Assert.Equal(ErrorCodes.SourceFileMissing, error.Code);
        Assert.Equal("/src/Shop/Shop.csproj", error.Location.File);
        Assert.Contains("SuperDeployProcfile", error.Message);
        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public void LoadReadsTheFileWithItsByteOrderMark()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".Procfile");
        File.WriteAllText(path, "web: run\r\n", new System.Text.UTF8Encoding(true));
        try
        {
            var (processes, diagnostics) = ProcfileSource.Load(path, "SuperDeployProcfile", "/src/Shop/Shop.csproj");

            Assert.Empty(diagnostics);
            Assert.Equal(("web", "run"), (processes[0].Name, processes[0].Get(MetadataNames.Command)));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
