using SuperDeploy.Tasks;

namespace SuperDeploy.Tests.Unit.Sdk;

public sealed class ProjectLocationTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sd-location-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Folder(string relative) => Directory.CreateDirectory(Path.Combine(_root, relative)).FullName;

    [Theory]
    [InlineData("Cheapa", "cheapa")]
    [InlineData("My_Shop.Web", "my-shop-web")]
    [InlineData("--a  b--", "a-b")]
    [InlineData("Ünïcode App", "n-code-app")]
    public void DnsLabels(string name, string expected) => Assert.Equal(expected, ProjectLocation.ToDnsLabel(name));

    [Fact]
    public void DnsLabelsAreAtMost63Characters()
    {
        var label = ProjectLocation.ToDnsLabel(new string('a', 62) + "-bcd");

        Assert.Equal(new string('a', 62), label);
    }

    [Fact]
    public void TheRepositoryFolderNamesTheProject()
    {
        var repo = Folder("Cheapa_Repo");
        Directory.CreateDirectory(Path.Combine(repo, ".git"));
        var project = Folder("Cheapa_Repo/src/Api");

        Assert.Equal("cheapa-repo", ProjectLocation.DefaultProjectName(project));
    }

    [Fact]
    public void ASolutionCloserThanTheRepositoryWins()
    {
        var repo = Folder("repo");
        Directory.CreateDirectory(Path.Combine(repo, ".git"));
        var shop = Folder("repo/Shop");
        File.WriteAllText(Path.Combine(shop, "Shop.sln"), "");
        var project = Folder("repo/Shop/Api");

        Assert.Equal("shop", ProjectLocation.DefaultProjectName(project));
    }

    [Fact]
    public void PathInRepositoryUsesForwardSlashesFromTheGitRoot()
    {
        var repo = Folder("repo");
        File.WriteAllText(Path.Combine(repo, ".git"), "gitdir: elsewhere"); // a worktree's .git is a file
        var project = Folder("repo/src/Api");

        Assert.Equal("src/Api/Api.csproj", ProjectLocation.PathInRepository(Path.Combine(project, "Api.csproj")));
    }

    [Fact]
    public void TheWorkflowUsesTheNearestGlobalJsonThatPinsAnSdk()
    {
        var repo = Folder("repo");
        Directory.CreateDirectory(Path.Combine(repo, ".git"));
        File.WriteAllText(Path.Combine(repo, "global.json"), """{ "sdk": { "version": "10.0.100" } }""");
        var project = Folder("repo/src/Api");

        Assert.Equal("global.json", ProjectLocation.GlobalJsonPinningSdk(project));

        File.WriteAllText(Path.Combine(repo, "src", "global.json"), """{ "sdk": { "version": "10.0.100" }, "msbuild-sdks": { "SuperDeploy.Sdk": "1.0.0" } }""");
        Assert.Equal("src/global.json", ProjectLocation.GlobalJsonPinningSdk(project));
    }

    [Fact]
    public void AGlobalJsonWithOnlyMSBuildSdksPinsNothing()
    {
        var repo = Folder("repo");
        Directory.CreateDirectory(Path.Combine(repo, ".git"));
        File.WriteAllText(Path.Combine(repo, "global.json"), """{ "sdk": { "version": "10.0.100" } }""");
        var project = Folder("repo/samples/Api");
        File.WriteAllText(Path.Combine(repo, "samples", "global.json"), """{ "msbuild-sdks": { "SuperDeploy.Sdk": "1.0.0" } }""");

        Assert.Null(ProjectLocation.GlobalJsonPinningSdk(project));
    }
}
