using System.Text;
using SuperDeploy.Output;

namespace SuperDeploy.Tests.Unit.Sdk;

public sealed class SourceTreeWriterTests : IDisposable
{
    // A stand-in ownership rule: our files start with the prefix, and an edit is marked by the word "EDITED".
    private const string Prefix = "# ours";
    private readonly string _dir = Directory.CreateTempSubdirectory("sd-writer-").FullName;
    private readonly SourceTreeWriter _writer = new(
        isUnmodifiedGeneratedFile: content => content.StartsWith(Prefix, StringComparison.Ordinal) && !content.Contains("EDITED"),
        hasHeader: content => content.StartsWith(Prefix, StringComparison.Ordinal));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    [Fact]
    public void CreatesMissingFilesAndFolders()
    {
        var path = PathOf(".github/workflows/deploy.yml");

        var outcome = SourceTreeWriter.WriteIfChanged(path, "# ours\nbody\n");

        Assert.Equal(WriteOutcome.Created, outcome);
        Assert.Equal("# ours\nbody\n", File.ReadAllText(path));
    }

    [Fact]
    public void WritesUtf8WithoutBomAndKeepsLineEndings()
    {
        var path = PathOf("marker");

        SourceTreeWriter.WriteIfChanged(path, "# ours\ncommand: echo ✓\n");

        Assert.Equal(Encoding.UTF8.GetBytes("# ours\ncommand: echo ✓\n"), File.ReadAllBytes(path));
    }

    [Fact]
    public void SameContentLeavesTheFileAndItsTimestampAlone()
    {
        var path = PathOf("marker");
        File.WriteAllText(path, "# ours\nbody\n");
        var old = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, old);

        var outcome = SourceTreeWriter.WriteIfChanged(path, "# ours\nbody\n");

        Assert.Equal(WriteOutcome.Unchanged, outcome);
        Assert.Equal(old, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public void DifferentContentReplacesTheFileAndLeavesNoTempFiles()
    {
        var path = PathOf("marker");
        File.WriteAllText(path, "# ours\nold\n");

        var outcome = SourceTreeWriter.WriteIfChanged(path, "# ours\nnew\n");

        Assert.Equal(WriteOutcome.Updated, outcome);
        Assert.Equal("# ours\nnew\n", File.ReadAllText(path));
        Assert.Equal(new[] { "marker" }, Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void AForeignFileIsAConflict()
    {
        var path = PathOf("deploy.yml");
        File.WriteAllText(path, "name: my own workflow\n");

        var conflicts = _writer.FindConflicts([new PlannedFile(path, "# ours\n", CheckOwnership: true)]);

        Assert.Equal([new WriteConflict(path, WriteConflictKind.ForeignFile)], conflicts);
    }

    [Fact]
    public void AnEditedGeneratedFileIsAConflict()
    {
        var path = PathOf(".superdeploy");
        File.WriteAllText(path, "# ours\nEDITED\n");

        var conflicts = _writer.FindConflicts([new PlannedFile(path, "# ours\n", CheckOwnership: true)]);

        Assert.Equal([new WriteConflict(path, WriteConflictKind.EditedFile)], conflicts);
    }

    [Fact]
    public void UnownedPathsAreNeverConflicts()
    {
        var path = PathOf("stack.yml");
        File.WriteAllText(path, "anything\n");

        Assert.Empty(_writer.FindConflicts([new PlannedFile(path, "# ours\n", CheckOwnership: false)]));
    }
}
