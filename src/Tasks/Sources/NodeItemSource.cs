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

    public static NodeInput Node(ITaskItem item, string projectFile) =>
        new NodeInput(item.ItemSpec, ItemSource.Metadata(item), new SourceLocation(ItemSource.DefiningFile(item, projectFile)));
}
