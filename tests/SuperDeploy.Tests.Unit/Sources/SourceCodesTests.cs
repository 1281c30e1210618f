using SuperDeploy.Model;
using SuperDeploy.Sources;
using SuperDeploy.Validation;

namespace SuperDeploy.Tests.Unit.Sources;

/// <summary>One input per SD5xxx code that produces it, and a check that no SD5xxx code lacks one.</summary>
public class SourceCodesTests
{
    private const string Config = "/src/config.yml";

    private static IReadOnlyList<Diagnostic> Procfile(string text) => ProcfileSource.Parse("/src/Procfile", text).Diagnostics;

    private static IReadOnlyList<Diagnostic> Yaml(string text) => ConfigYamlSource.Parse(Config, text, "shop").Diagnostics;

    private static ProcessInput At(string file, string name, params string[] metadata) =>
        new(name, metadata.Select(m => m.Split('=', 2)).ToDictionary(m => m[0], m => m[1]), new SourceLocation(file, 1, 1));

    private static readonly Dictionary<string, Func<IReadOnlyList<Diagnostic>>> Cases = new()
    {
        [ErrorCodes.ProcfileLineMalformed] = () => Procfile("web run"),
        [ErrorCodes.ProcfileNameInvalid] = () => Procfile("web.1: run"),
        [ErrorCodes.ProcfileConflictMarker] = () => Procfile(">>>>>>> main"),
        [ErrorCodes.ProcfileNameDuplicate] = () => Procfile("web: a\nweb: b"),
        [ErrorCodes.ProcfileCommandEmpty] = () => Procfile("web:"),
        [ErrorCodes.SourceFileMissing] = () => ProcfileSource.Load("/nonexistent/superdeploy/Procfile", "SuperDeployProcfile", "/src/Shop.csproj").Diagnostics,
        [ErrorCodes.SourceFileUnreadable] = () => ProcfileSource.Load(Path.GetTempPath(), "SuperDeployProcfile", "/src/Shop.csproj").Diagnostics,
        [ErrorCodes.ConfigYamlMalformed] = () => Yaml("apps: [\n"),
        [ErrorCodes.ConfigAppsMissing] = () => Yaml("shop: {}\n"),
        [ErrorCodes.ConfigAppNotFound] = () => Yaml("apps:\n  other: {}\n"),
        [ErrorCodes.ConfigOldFormat] = () => Yaml("apps:\n  shop:\n    type: web\n"),
        [ErrorCodes.ConfigValueWrongShape] = () => Yaml("apps:\n  shop:\n    processes: [web]\n"),
        [ErrorCodes.ConfigKeyUnknown] = () => Yaml("apps:\n  shop:\n    processes:\n      web: {command: run, prot: 80}\n"),
        [ErrorCodes.ConfigKeyTwice] = () => Yaml("apps:\n  shop:\n    processes:\n      web: {cpu: 1, resources: {cpu: 2}}\n"),
        [ErrorCodes.ConfigAddonInvalid] = () => Yaml("apps:\n  shop:\n    addons: [a as]\n"),
        [ErrorCodes.ConfigAddonAliasDuplicate] = () => Yaml("apps:\n  shop:\n    addons: [a.db, b.db]\n"),
        [ErrorCodes.ProcessDeclaredTwice] = () => InputMerger.Merge([], [At("/src/Procfile", "web", "Command=a")], [At(Config, "web", "Command=b")]).Diagnostics,
        [ErrorCodes.ItemRedeclaresProcess] = () => InputMerger.Merge([At("/src/Shop.csproj", "web", "Command=a")], [At("/src/Procfile", "web", "Command=b")], []).Diagnostics,
        [ErrorCodes.ProcessMetadataConflict] = () => InputMerger.Merge([At("/src/Shop.csproj", "web", "Port=1")], [], [At(Config, "web", "Command=b", "Port=2")]).Diagnostics,
    };

    public static TheoryData<string> Codes => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Codes))]
    public void TheInputProducesExactlyItsCode(string code)
    {
        var diagnostic = Assert.Single(Cases[code]());

        Assert.Equal(code, diagnostic.Code);
        Assert.Equal(code == ErrorCodes.ConfigKeyUnknown ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.DoesNotContain("{", diagnostic.Message.Replace("{addon", "", StringComparison.Ordinal));
    }

    [Fact]
    public void EverySourceCodeHasAnInput()
    {
        var sourceCodes = typeof(ErrorCodes).GetFields().Select(f => (string)f.GetRawConstantValue()!).Where(c => c.StartsWith("SD5", StringComparison.Ordinal));

        Assert.Equal(sourceCodes.Order(), Cases.Keys.Order());
    }
}
