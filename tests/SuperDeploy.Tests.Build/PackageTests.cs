using NuGet.Packaging;

namespace SuperDeploy.Tests.Build;

[Collection(MSBuildCollection.Name)]
public sealed class PackageTests(SdkPackage sdk)
{
    private static readonly string[] TaskFiles = ["Cronos.dll", "SuperDeploy.Tasks.deps.json", "SuperDeploy.Tasks.dll", "YamlDotNet.dll"];

    private static readonly string[] Expected =
    [
        "README.md",
        "Sdk/Sdk.props",
        "Sdk/Sdk.targets",
        "build/SuperDeploy.Deploy.targets",
        "build/SuperDeploy.Nodes.targets",
        "build/SuperDeploy.Sdk.props",
        "build/SuperDeploy.Sdk.targets",
        "tools/agent/Cronos.dll",
        "tools/agent/SuperDeploy.Agent.deps.json",
        "tools/agent/SuperDeploy.Agent.dll",
        "tools/agent/SuperDeploy.Agent.runtimeconfig.json",
        .. TaskFiles.Select(f => "tools/net472/" + f),
        .. TaskFiles.Select(f => "tools/net8.0/" + f),
    ];

    [Fact]
    public void ContainsExactlyTheSdkFiles()
    {
        using var reader = new PackageArchiveReader(sdk.PackagePath);

        var files = reader.GetFiles()
            .Where(f => !f.StartsWith("_rels/", StringComparison.Ordinal)
                        && !f.StartsWith("package/", StringComparison.Ordinal)
                        && f != "[Content_Types].xml"
                        && !f.EndsWith(".nuspec", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

        Assert.Equal(Expected.Order(StringComparer.Ordinal), files);
    }

    [Fact]
    public void IsADevelopmentOnlyMSBuildSdkWithoutDependencies()
    {
        using var reader = new PackageArchiveReader(sdk.PackagePath);
        var nuspec = reader.NuspecReader;

        Assert.Equal("SuperDeploy.Sdk", nuspec.GetId());
        Assert.Equal(sdk.Version, nuspec.GetVersion().ToNormalizedString());
        Assert.Equal(["MSBuildSdk"], nuspec.GetPackageTypes().Select(t => t.Name));
        Assert.Empty(nuspec.GetDependencyGroups());
        Assert.True(nuspec.GetDevelopmentDependency());
    }
}
