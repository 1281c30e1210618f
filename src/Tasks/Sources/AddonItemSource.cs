using System;
using System.Collections;
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
    public static AddonInput Addon(ITaskItem item, string projectFile)
    {
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in item.CloneCustomMetadata())
        {
            metadata[(string)entry.Key] = (string?)entry.Value ?? "";
        }

        return new AddonInput(item.ItemSpec, metadata, new SourceLocation(ItemSource.DefiningFile(item, projectFile)));
    }
}
