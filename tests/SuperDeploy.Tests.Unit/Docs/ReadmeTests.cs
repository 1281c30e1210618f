using System.Reflection;
using SuperDeploy.Tests.Unit.Support;
using SuperDeploy.Validation;

namespace SuperDeploy.Tests.Unit.Docs;

/// <summary>The README is the user's reference: every error code must be documented there.</summary>
public class ReadmeTests
{
    [Fact]
    public void EveryErrorCodeIsDocumentedInTheReadme()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root(), "README.md"));
        var missing = typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(field => (string)field.GetRawConstantValue()!)
            .Distinct()
            .Where(code => !readme.Contains($"| {code} |", StringComparison.Ordinal))
            .OrderBy(code => code, StringComparer.Ordinal);
        Assert.Empty(missing);
    }
}
