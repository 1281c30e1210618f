using System.Runtime.CompilerServices;

namespace SuperDeploy.Tests.Unit.Support;

/// <summary>
/// Compares generated text with a checked-in file under tests/SuperDeploy.Tests.Unit/Golden/. With
/// SUPERDEPLOY_UPDATE_GOLDEN=1 the file is rewritten instead (review the diff before committing).
/// </summary>
public static class GoldenFile
{
    public const string UpdateVariable = "SUPERDEPLOY_UPDATE_GOLDEN";

    public static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    public static string Directory([CallerFilePath] string thisFile = "") =>
        Path.Combine(FindProjectDirectory(thisFile), "Golden");

    public static void AssertMatches(string relativePath, string actual)
    {
        Assert.DoesNotContain('\r', actual);
        var path = Path.Combine(Directory(), relativePath);
        if (Updating)
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }
        if (!File.Exists(path))
            Assert.Fail($"Golden file {path} is missing. Run the tests with {UpdateVariable}=1 to create it, then review it.");
        var expected = File.ReadAllText(path).Replace("\r\n", "\n");
        if (expected != actual)
            Assert.Fail($"{relativePath} differs from its golden file {path} (rerun with {UpdateVariable}=1 to accept the new output, then review the diff).\n"
                + FirstDifference(expected, actual));
    }

    private static string FirstDifference(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            var e = i < expectedLines.Length ? expectedLines[i] : "<end of file>";
            var a = i < actualLines.Length ? actualLines[i] : "<end of file>";
            if (e != a) return $"line {i + 1}:\n  golden: {e}\n  actual: {a}";
        }
        return "(same lines; different trailing content)";
    }

    // The source tree, not bin/: updates must land in the files that are committed.
    private static string FindProjectDirectory(string thisFile)
    {
        var fromSource = Path.GetDirectoryName(Path.GetDirectoryName(thisFile));
        if (fromSource != null && File.Exists(Path.Combine(fromSource, "SuperDeploy.Tests.Unit.csproj"))) return fromSource;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SuperDeploy.Tests.Unit.csproj"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the SuperDeploy.Tests.Unit project directory.");
    }
}
