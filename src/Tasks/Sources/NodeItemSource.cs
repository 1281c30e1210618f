using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Build.Framework;
using SuperDeploy.Model;

namespace SuperDeploy.Sources;

/// <summary>SuperDeployNode items as raw node inputs: the Include is the ssh target, metadata as declared.</summary>
public static class NodeItemSource
{
    public static IReadOnlyList<NodeInput> Nodes(IEnumerable<ITaskItem>? items, string projectFile) =>
        (items ?? Enumerable.Empty<ITaskItem>()).Select(item => Node(item, projectFile)).ToList();

    public static NodeInput Node(ITaskItem item, string projectFile)
    {
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in item.CloneCustomMetadata())
        {
            metadata[(string)entry.Key] = (string?)entry.Value ?? "";
        }

        return new NodeInput(item.ItemSpec, metadata, new SourceLocation(ItemSource.DefiningFile(item, projectFile)));
    }
}
