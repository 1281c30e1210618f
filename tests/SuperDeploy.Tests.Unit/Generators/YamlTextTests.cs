using System.Text.Json;
using SuperDeploy.Generators;
using SuperDeploy.Tests.Unit.Support;
using YamlDotNet.RepresentationModel;

namespace SuperDeploy.Tests.Unit.Generators;

public class YamlTextTests
{
    public static TheoryData<string> TrickyStrings => new(
        "8000", "-1", "+2", "0.5", "1e3", ".5", "0x1F", "0o17", "017", "0b101", "1_000", "1:20", ".inf", "-.Inf", ".NaN",
        "true", "False", "yes", "No", "on", "OFF", "y", "n", "null", "Null", "~", "", "<<", "=", "2001-12-14", "2001-12-14T21:59:43Z",
        "-", "- x", "? x", "?", ":", "a: b", "a:b", "#x", "x #y", "x#y", "*x", "&x", "!x", "|x", ">x", "%x", "@x", "`x",
        "'x'", "\"x\"", "it's", "{x}", "[x]", "x, y", " x", "x ", "a\nb", "a\n", "\tx", "x\t", "a\tb", "bell\u0007", "\r\n", "$PORT", "${X:-y}", "$$", "\\", "ü ✓");

    [Theory]
    [MemberData(nameof(TrickyStrings))]
    public void AStringReadsBackAsTheSameStringUnderYaml12AndYamlDotNet(string value)
    {
        var map = YamlText.Map();
        map.Put("key", value);
        var text = YamlText.Write(map);

        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        Assert.Equal(value, ((YamlScalarNode)((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("key")]).Value);
        var json = YamlJson.Convert(text)!["key"];
        Assert.NotNull(json);
        Assert.Equal(JsonValueKind.String, json!.GetValueKind());
        Assert.Equal(value, json.GetValue<string>());
    }

    [Fact]
    public void NumbersAndBooleansStayPlain()
    {
        var map = YamlText.Map();
        map.Put("port", YamlText.Int(8000));
        map.Put("cpu", YamlText.Number("0.5"));
        map.Put("external", YamlText.Bool(true));
        map.Put("on", "push");

        Assert.Equal("port: 8000\ncpu: 0.5\nexternal: true\non: push\n", YamlText.Write(map));
    }

    [Fact]
    public void LongValuesAreNeverFoldedAcrossLines()
    {
        var map = YamlText.Map();
        var value = string.Join(" ", Enumerable.Repeat("--option value", 40));
        map.Put("command", value);

        Assert.Equal($"command: {value}\n", YamlText.Write(map));
    }

    [Theory]
    [InlineData(512L * 1024 * 1024, "512M")]
    [InlineData(2L * 1024 * 1024 * 1024, "2G")]
    [InlineData(1536L * 1024 * 1024, "1536M")]
    [InlineData(3L * 1024 * 1024 * 1024 * 1024, "3T")]
    [InlineData(4096L, "4K")]
    [InlineData(1000L, "1000")]
    public void MemoryRendersInTheLargestExactBinaryUnit(long bytes, string text) =>
        Assert.Equal(text, ResourceFormat.Memory(bytes));

    [Theory]
    [InlineData(0.5, "0.5")]
    [InlineData(1.0, "1.0")]
    [InlineData(2.0, "2.0")]
    [InlineData(0.25, "0.25")]
    [InlineData(1.5, "1.5")]
    public void CpusAlwaysHaveADecimalPoint(double cpus, string text) => Assert.Equal(text, ResourceFormat.Cpu(cpus));

    [Theory]
    [InlineData(5_000, "5s")]
    [InlineData(90_000, "1m30s")]
    [InlineData(3_600_000, "1h")]
    [InlineData(3_725_000, "1h2m5s")]
    [InlineData(250, "250ms")]
    [InlineData(0, "0s")]
    public void DurationsAreGoDurations(int milliseconds, string text) =>
        Assert.Equal(text, ResourceFormat.Duration(TimeSpan.FromMilliseconds(milliseconds)));
}
