using System.Reflection;
using SuperDeploy.Validation;

namespace SuperDeploy.Tests.Unit.Docs;

/// <summary>The README is the user's reference: every error code must be documented there.</summary>
public class ReadmeTests
{
    [Fact]
    public void EveryErrorCodeIsDocumentedInTheReadme()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var missing = typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(field => (string)field.GetRawConstantValue()!)
            .Distinct()
            .Where(code => !readme.Contains($"| {code} |", StringComparison.Ordinal))
            .OrderBy(code => code, StringComparer.Ordinal);
        Assert.Empty(missing);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SuperDeploy.Build.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException("SuperDeploy.Build.sln not found above " + AppContext.BaseDirectory);
    }
}
