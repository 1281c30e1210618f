namespace SuperDeploy.Model;

/// <summary>The Swarm node labels SuperDeploy writes (SuperDeployUp) and places services on (stack files, deploy checks).</summary>
public static class NodeLabels
{
    /// <summary>One label per role, so a node can hold several: `superdeploy.role.app=true`.</summary>
    public const string RolePrefix = "superdeploy.role.";

    public const string RoleValue = "true";

    /// <summary>The ssh target a node was joined from: tells SuperDeploy's nodes from others, and where to run `swarm leave`.</summary>
    public const string Target = "superdeploy.node";

    /// <summary>The role whose nodes run the Caddy edge; without any such node the edge runs on the managers.</summary>
    public const string EdgeRole = "edge";

    /// <summary>A role that also makes the node a Swarm manager.</summary>
    public const string ManagerRole = "manager";

    public static string Role(string role) => RolePrefix + role;

    /// <summary>The placement constraint of a role, in Swarm's syntax.</summary>
    public static string RoleConstraint(string role) => $"node.labels.{Role(role)} == {RoleValue}";

    public const string ManagerConstraint = "node.role == manager";

    /// <summary>Spread a service's replicas over the nodes its constraint allows.</summary>
    public const string SpreadPreference = "node.id";
}
