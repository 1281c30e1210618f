using Microsoft.Build.Utilities;
using SuperDeploy.Sources;
using SuperDeploy.Validation;

namespace SuperDeploy.Tests.Unit.Addons;

public class AddonItemSourceTests
{
    [Fact]
    public void ItemsBecomeAddonInputsThatModelBuilderMergesIntoOneAttachedAddon()
    {
        var declared = new TaskItem("databases.primary", new Dictionary<string, string> { ["Type"] = "postgres", ["Version"] = "16" });
        var attached = new TaskItem("databases.primary", new Dictionary<string, string> { ["As"] = "DB" });

        var inputs = AddonItemSource.Addons([declared, attached], "/src/Shop/Shop.csproj");
        var app = ModelBuilder.Build(Validation.Inputs.App(Validation.Inputs.Web) with { AddonItems = inputs }).App!;

        Assert.Equal(["/src/Shop/Shop.csproj", "/src/Shop/Shop.csproj"], inputs.Select(i => i.Location.File));
        Assert.Equal("postgres", inputs[0].Get("type"));
        var (attachment, addon) = Assert.Single(app.AttachedAddons);
        Assert.Equal(("DB", "databases.primary", "16"), (attachment.Alias, addon.Name, addon.Version));
    }
}
