using System.Collections.Generic;
using System.Linq;
using Microsoft.Build.Framework;
using SuperDeploy.Model;

namespace SuperDeploy.Sources;

/// <summary>SuperDeployAddon items as raw model inputs (AppInput.AddonItems); ModelBuilder merges and validates them.</summary>
public static class AddonItemSource
{
    public static IReadOnlyList<AddonInput> Addons(IEnumerable<ITaskItem>? items, string projectFile) =>
        (items ?? Enumerable.Empty<ITaskItem>()).Select(item => Addon(item, projectFile)).ToList();

    /// <summary>The addon's name is the Include; its location the file that declared the item (often Directory.Build.props).</summary>
    public static AddonInput Addon(ITaskItem item, string projectFile) =>
        new AddonInput(item.ItemSpec, ItemSource.Metadata(item), new SourceLocation(ItemSource.DefiningFile(item, projectFile)));
}
