using System.Collections.Generic;
using System.Linq;

namespace SuperDeploy.Deploy.Commands;

/// <summary>
/// The docker commands that bring nodes into one swarm and keep their labels, as data. "On the node" commands run
/// over SSH on the node itself; "on the manager" commands on the manager SuperDeployUp talks to.
/// </summary>
public static class SwarmNodeCommands
{
    public const int SwarmPort = 2377;

    /// <summary>On the node: `&lt;node id&gt; &lt;local state&gt; &lt;is manager&gt; &lt;host name&gt;`, e.g. ` inactive false vm2` (<see cref="NodeLocalState"/>).</summary>
    public static Command LocalState() =>
        Command.Docker("info", "--format", "{{.Swarm.NodeID}} {{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}} {{.Name}}");

    /// <summary>On the first manager, once: a new swarm advertised on the node's own address.</summary>
    public static Command Init(string advertiseAddress) =>
        Command.Docker("swarm", "init", "--advertise-addr", advertiseAddress);

    /// <summary>On the manager: the token that joins a node as a manager or a worker, alone on stdout.</summary>
    public static Command JoinToken(bool manager) =>
        Command.Docker("swarm", "join-token", "--quiet", manager ? "manager" : "worker");

    /// <summary>On the node: join the manager's swarm. The token is a credential, so the command is sensitive.</summary>
    public static Command Join(string token, string advertiseAddress, string managerAddress) =>
        new(new[] { "docker", "swarm", "join", "--token", token, "--advertise-addr", advertiseAddress, ManagerEndpoint(managerAddress) },
            Sensitive: true);

    public static string ManagerEndpoint(string managerAddress) =>
        (managerAddress.IndexOf(':') >= 0 ? "[" + managerAddress + "]" : managerAddress) + ":" + SwarmPort.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>On the manager: every node's id, one per line.</summary>
    public static Command ListNodeIds() => Command.Docker("node", "ls", "--format", "{{.ID}}");

    /// <summary>
    /// On the manager: one tab-separated line per node: id, host name, role, availability, state, address, labels as
    /// JSON (<see cref="SwarmNode.ParseAll"/>).
    /// </summary>
    public static Command InspectNodes(IEnumerable<string> nodeIds) =>
        Command.Docker(new[]
        {
            "node", "inspect", "--format",
            "{{.ID}}\t{{.Description.Hostname}}\t{{.Spec.Role}}\t{{.Spec.Availability}}\t{{.Status.State}}\t{{.Status.Addr}}\t{{json .Spec.Labels}}",
        }.Concat(nodeIds).ToArray());

    /// <summary>On the manager: only the labels, one JSON object per node in the order given.</summary>
    public static Command InspectLabels(IEnumerable<string> nodeIds) =>
        Command.Docker(new[] { "node", "inspect", "--format", "{{json .Spec.Labels}}" }.Concat(nodeIds).ToArray());

    /// <summary>On the manager: add and remove labels of one node in one update.</summary>
    public static Command UpdateLabels(string nodeId, IEnumerable<KeyValuePair<string, string>> add, IEnumerable<string> remove)
    {
        var args = new List<string> { "node", "update" };
        foreach (var label in add) { args.Add("--label-add"); args.Add(label.Key + "=" + label.Value); }
        foreach (var key in remove) { args.Add("--label-rm"); args.Add(key); }
        args.Add(nodeId);
        return Command.Docker(args.ToArray());
    }

    public static Command Promote(string nodeId) => Command.Docker("node", "promote", nodeId);

    public static Command Demote(string nodeId) => Command.Docker("node", "demote", nodeId);

    /// <summary>On the manager: stop scheduling on the node and move its tasks elsewhere.</summary>
    public static Command Drain(string nodeId) => Command.Docker("node", "update", "--availability", "drain", nodeId);

    /// <summary>On the manager: `&lt;desired state&gt;\t&lt;current state&gt;` of each task on the node (<see cref="DrainProgress"/>).</summary>
    public static Command TasksOnNode(string nodeId) =>
        Command.Docker("node", "ps", "--format", "{{.DesiredState}}\t{{.CurrentState}}", nodeId);

    /// <summary>On the node being removed, after its tasks moved.</summary>
    public static Command Leave() => Command.Docker("swarm", "leave");

    /// <summary>
    /// On the manager: forget a node. Forced, because it runs right after the node left (or could not be reached), before
    /// the manager has seen it go down.
    /// </summary>
    public static Command Remove(string nodeId) => Command.Docker("node", "rm", "--force", nodeId);
}
