using SuperDeploy.Tasks;

namespace SuperDeploy.Tests.Unit.Sdk;

public sealed class ImageNameTests
{
    [Theory]
    [InlineData("ghcr.io/cheapa", "cheapa", "api", "abc123", "ghcr.io/cheapa/cheapa/api:abc123")]
    [InlineData("127.0.0.1:5000/", "demo", "api", "", "127.0.0.1:5000/demo/api:build")]
    [InlineData("", "demo", "api", null, "demo/api:build")]
    [InlineData(null, "demo", "api", " v1 ", "demo/api:v1")]
    public void RegistryProjectAppAndTag(string? registry, string project, string app, string? tag, string expected) =>
        Assert.Equal(expected, SuperDeployGenerateFiles.ImageName(registry, project, app, tag));
}
