using Microsoft.Build.Utilities;
using SuperDeploy.Sources;

namespace SuperDeploy.Tests.Unit.Sdk;

public sealed class ItemSourceTests
{
    [Fact]
    public void EveryCustomMetadataBecomesProcessMetadataCaseInsensitively()
    {
        var item = new TaskItem("web", new Dictionary<string, string> { ["Command"] = "dotnet Api.dll --urls http://0.0.0.0:$PORT", ["Port"] = "8000", ["Typo"] = "x" });

        var process = ItemSource.Process(item, "/src/Api/Api.csproj");

        Assert.Equal("web", process.Name);
        Assert.Equal("dotnet Api.dll --urls http://0.0.0.0:$PORT", process.Get("command"));
        Assert.Equal("8000", process.Get("PORT"));
        Assert.Equal("x", process.Get("Typo"));
    }

    [Fact]
    public void WithoutADefiningProjectTheLocationIsTheProjectFile()
    {
        var process = ItemSource.Process(new TaskItem("worker"), "/src/Api/Api.csproj");

        Assert.Equal("/src/Api/Api.csproj", process.Location.File);
    }

    [Fact]
    public void SecretNamesKeepOrderAndDuplicatesForValidationToReport()
    {
        var names = ItemSource.SecretNames([new TaskItem("DB_URL"), new TaskItem("API_KEY"), new TaskItem("DB_URL")]);

        Assert.Equal(["DB_URL", "API_KEY", "DB_URL"], names);
    }
}
