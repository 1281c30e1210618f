using SuperDeploy.Generators;
using SuperDeploy.Tests.Unit.Support;
using static SuperDeploy.Tests.Unit.Addons.AddonTestModels;

namespace SuperDeploy.Tests.Unit.Addons;

/// <summary>Addon stacks and the stack of an app with secrets and addons, byte for byte (SUPERDEPLOY_UPDATE_GOLDEN=1 rewrites them).</summary>
public class AddonGoldenTests
{
    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(AddonTestModels))]
    public void AddonStack(string addon) =>
        GoldenFile.AssertMatches($"addons/{addon}.yml", AddonStackGenerator.Generate(All[addon]));

    /// <summary>At build time: the addons' wiring, but not the app's own secrets (their versions depend on values).</summary>
    [Fact]
    public void AppStackAtBuildTime() =>
        GoldenFile.AssertMatches("shop/stack.yml", StackGenerator.Generate(Shop, "127.0.0.1:5000/cheapa/shop:0123abc"));

    /// <summary>At deploy time: every secret, the app's versioned by value.</summary>
    [Fact]
    public void AppStackAtDeployTime() =>
        GoldenFile.AssertMatches("shop/stack-deploy.yml",
            StackGenerator.Generate(Shop, "127.0.0.1:5000/cheapa/shop:0123abc", new StackOptions { SecretSources = ShopSecretSources }));
}
