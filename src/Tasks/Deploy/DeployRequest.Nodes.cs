using SuperDeploy.Deploy.Nodes;

namespace SuperDeploy.Deploy;

public sealed partial record DeployRequest
{
    /// <summary>
    /// The project's SuperDeployNode items and how to reach them; null on one VM. When set, the deploy checks the swarm's
    /// roles before anything changes, places the release job and the edge, finds Caddy on its node and shows each
    /// replica's node.
    /// </summary>
    public DeployNodes? Nodes { get; init; }
}
