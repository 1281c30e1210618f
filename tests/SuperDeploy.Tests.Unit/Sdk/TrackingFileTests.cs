using System.Text.RegularExpressions;
using SuperDeploy.Tests.Unit.Support;
using SuperDeploy.Validation;

namespace SuperDeploy.Tests.Unit.Sdk;

/// <summary>
/// SuperDeployGenerate is incremental on a tracking file that lists each item's metadata by name; metadata left out of
/// it would not regenerate the files when it changes. Every metadata the validation knows must be in its item's line.
/// </summary>
public class TrackingFileTests
{
    private static readonly string Targets = File.ReadAllText(Path.Combine(Repository.Root(), "src", "Sdk", "build", "SuperDeploy.Sdk.targets"));

    public static TheoryData<string, string> EveryKnownMetadata()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in MetadataNames.Known) data.Add("SuperDeployProcess", name);
        foreach (var name in NodeRules.KnownMetadata) data.Add("SuperDeployNode", name);
        foreach (var name in AddonRules.Known) data.Add("SuperDeployAddon", name);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryKnownMetadata))]
    public void TheTrackingLineOfEachItemNamesEveryMetadataTheValidationKnows(string item, string metadata)
    {
        var line = Regex.Match(Targets, $"<_SuperDeployTrackingLine Include=\"@\\({item}->'([^']*)'\\)\" />");
        Assert.True(line.Success, $"no tracking line for {item}");
        Assert.Contains($"|{metadata}=%({metadata})", line.Groups[1].Value);
    }
}
