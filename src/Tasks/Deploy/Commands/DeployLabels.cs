namespace SuperDeploy.Deploy.Commands;

/// <summary>Labels the deploy plan writes on Swarm objects (configs, services) and reads back.</summary>
public static class DeployLabels
{
    public const string LockHolder = "superdeploy.lock.holder";
    public const string LockSince = "superdeploy.lock.since";

    /// <summary>The project file's Replicas at the last deploy; tells a manual `docker service scale` from a changed project file.</summary>
    public const string DeclaredReplicas = "superdeploy.declared-replicas";

    /// <summary>Hash of the edge stack file last deployed, so an unchanged edge is never redeployed.</summary>
    public const string EdgeHash = "superdeploy.edge-hash";

    public const string ReleaseImage = "superdeploy.image";
    public const string ReleaseTag = "superdeploy.tag";
    public const string ReleaseCommit = "superdeploy.commit";
    public const string ReleaseTime = "superdeploy.time";

    /// <summary>The registry digest the services ran (`sha256:...`): Swarm pulls by digest, so local images often have no tag.</summary>
    public const string ReleaseDigest = "superdeploy.digest";

    /// <summary>Set by `docker stack deploy` on everything in a stack.</summary>
    public const string StackNamespace = "com.docker.stack.namespace";
}
