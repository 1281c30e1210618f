using SuperDeploy.Deploy.Commands;

namespace SuperDeploy.Deploy.Nodes;

/// <summary>What a node's own engine says about its swarm membership (<see cref="SwarmNodeCommands.LocalState"/>).</summary>
/// <param name="State">`inactive`, `pending`, `active`, `error` or `locked`.</param>
public sealed record NodeLocalState(string NodeId, string State, bool IsManager, string Name)
{
    private static readonly string[] States = { "inactive", "pending", "active", "error", "locked" };

    public bool IsInactive => State == "inactive";

    public bool IsActive => State == "active";

    /// <summary>Parses ` inactive false vm2` or `k3x... active true vm1` (the node id is empty outside a swarm).</summary>
    public static NodeLocalState? Parse(string stdout)
    {
        var parts = stdout.Trim('\n', '\r').Split(' ');
        if (parts.Length < 4 || System.Array.IndexOf(States, parts[1].Trim()) < 0 || (parts[2] != "true" && parts[2] != "false")) return null;
        return new NodeLocalState(parts[0].Trim(), parts[1].Trim(), parts[2].Trim() == "true", string.Join(" ", parts, 3, parts.Length - 3).Trim());
    }
}
