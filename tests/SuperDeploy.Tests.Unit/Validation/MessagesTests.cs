using System.Globalization;
using System.Reflection;
using System.Xml.Linq;
using SuperDeploy.Validation;

namespace SuperDeploy.Tests.Unit.Validation;

/// <summary>Keeps ErrorCodes.cs and Strings.resx in step: same names, the code as prefix and StrBegin comment.</summary>
public class MessagesTests
{
    private static readonly XElement[] Entries = XDocument.Load(FindResx()).Root!.Elements("data").ToArray();

    private static IEnumerable<FieldInfo> CodeFields => typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static);

    private static string FindResx()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "src", "Tasks", "Resources", "Strings.resx");
            if (File.Exists(candidate)) return candidate;
        }

        throw new FileNotFoundException("src/Tasks/Resources/Strings.resx above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void EveryCodeHasAMessageOfTheSameNameThatStartsWithIt()
    {
        foreach (var field in CodeFields)
        {
            var code = (string)field.GetRawConstantValue()!;
            var entry = Assert.Single(Entries, e => (string?)e.Attribute("name") == field.Name);
            Assert.StartsWith(code + ": ", entry.Element("value")!.Value);
        }
    }

    [Fact]
    public void EveryMessageHasADeclaredCodeAndAStrBeginComment()
    {
        var codes = CodeFields.Select(f => (string)f.GetRawConstantValue()!).ToHashSet();
        Assert.Equal(codes.Count, CodeFields.Count());
        foreach (var entry in Entries)
        {
            var (code, _) = Messages.Split(entry.Element("value")!.Value);
            Assert.Contains(code, codes);
            Assert.StartsWith($"{{StrBegin=\"{code}: \"}}", entry.Element("comment")?.Value);
        }
    }

    [Fact]
    public void EveryMessageFormatsWithItsArguments()
    {
        foreach (var entry in Entries)
        {
            var text = Messages.Format((string)entry.Attribute("name")!, "a0", "a1", "a2", "a3", "a4", "a5");
            Assert.DoesNotContain("{", text.Replace("{StrBegin", string.Empty));
        }
    }

    [Fact]
    public void CreateSplitsTheCodeFromTheMessageAndFormatsInvariantly()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            var diagnostic = Messages.Create(DiagnosticSeverity.Error, new("/p/Shop.csproj"), "MemoryTooSmall", "worker", "Shop.csproj", "0.5m", 524288.5);

            Assert.Equal(ErrorCodes.MemoryTooSmall, diagnostic.Code);
            Assert.StartsWith("Process 'worker' in Shop.csproj: Memory '0.5m' is 524288.5 bytes", diagnostic.Message);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void AnUnknownMessageNameIsAnError() =>
        Assert.Throws<ArgumentException>(() => Messages.Format("NoSuchMessage"));
}
