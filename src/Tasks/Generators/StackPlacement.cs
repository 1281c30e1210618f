using System.Collections.Generic;
using System.Linq;
using SuperDeploy.Model;
using YamlDotNet.RepresentationModel;

namespace SuperDeploy.Generators;

/// <summary>`deploy.placement` of a service on a multi-node swarm: the nodes of one role, replicas spread across them.</summary>
public static class StackPlacement
{
    /// <summary>`constraints: [node.labels.superdeploy.role.&lt;role&gt; == true]` and `preferences: [spread: node.id]`.</summary>
    public static YamlMappingNode ForRole(string role)
    {
        var placement = Constraints(new[] { NodeLabels.RoleConstraint(role) });
        var spread = YamlText.Map();
        spread.PutStr("spread", NodeLabels.SpreadPreference);
        placement.Put("preferences", YamlText.Seq(new YamlNode[] { spread }));
        return placement;
    }

    public static YamlMappingNode Constraints(IEnumerable<string> constraints)
    {
        var placement = YamlText.Map();
        placement.Put("constraints", ComposeText.StrSeq(constraints.ToArray()));
        return placement;
    }

    /// <summary>Caddy runs on the nodes of the `edge` role when any node has it, else on the managers.</summary>
    public static IReadOnlyList<string> EdgeConstraints(IEnumerable<NodeDefinition> nodes) =>
        EdgeConstraints(nodes.Any(n => n.HasRole(NodeLabels.EdgeRole)));

    public static IReadOnlyList<string> EdgeConstraints(bool anEdgeNodeExists) =>
        new[] { anEdgeNodeExists ? NodeLabels.RoleConstraint(NodeLabels.EdgeRole) : NodeLabels.ManagerConstraint };

    /// <summary>
    /// An addon's one replica must always start on the node holding its local volume: the node of its Vm role on a
    /// multi-node swarm (validated to be exactly one node; no spread, there is one replica), else a manager (one VM, or a
    /// swarm with exactly one manager).
    /// </summary>
    public static IReadOnlyList<string> AddonConstraints(AddonDefinition addon, bool nodesDeclared) =>
        new[] { nodesDeclared && addon.Vm is { } role ? NodeLabels.RoleConstraint(role) : NodeLabels.ManagerConstraint };

    /// <summary>The same placement for `docker service create` (the release job): its --constraint and --placement-pref flags.</summary>
    public static IReadOnlyList<string> ServiceCreateArguments(string role) =>
        new[] { "--constraint", NodeLabels.RoleConstraint(role), "--placement-pref", "spread=" + NodeLabels.SpreadPreference };
}
