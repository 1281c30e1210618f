using System.Globalization;

namespace SuperDeploy.Model;

/// <summary>
/// One validated addon of the project (a `SuperDeployAddon` item), with every name the generators and the deploy
/// derive from it. It runs in its own stack, so deploying, rolling back or scaling an app never touches it.
/// </summary>
/// <param name="Name">As declared: lower-case dot-separated segments, `databases.primary`.</param>
/// <param name="MemoryBytes">The memory limit (a type's default when none is declared).</param>
/// <param name="PublishPort">A host port to publish the addon on, or null (the default: reachable only on the project network).</param>
public sealed record AddonDefinition(
    string Project,
    string Name,
    AddonType Type,
    string Version,
    string Image,
    long MemoryBytes,
    double? Cpu,
    int? PublishPort,
    SourceLocation Location)
{
    /// <summary>
    /// The node role the addon is pinned to (its Vm metadata, like SuperDeployVm and a process's Vm), or null. Its volume
    /// is local to one node, so on a multi-node swarm the role must be held by exactly one node (NodeRules.CheckRoles).
    /// </summary>
    public string? Vm { get; init; }

    /// <summary>Where Vm was declared (a project may add it to a declaration in Directory.Build.props); null = <see cref="Location"/>.</summary>
    public SourceLocation? VmLocation { get; init; }

    /// <summary>`databases.primary` -> `databases-primary`: the service key, and the host name apps connect to.</summary>
    public string ServiceKey => Name.Replace('.', '-');

    /// <summary>The addon's own stack, `&lt;project&gt;-addon-&lt;key&gt;`: app deploys never deploy it.</summary>
    public string StackName => $"{Project}-addon-{ServiceKey}";

    /// <summary>The Swarm service, `&lt;stack&gt;_&lt;key&gt;` (what `docker service ps` and the deploy's waits name).</summary>
    public string SwarmServiceName => $"{StackName}_{ServiceKey}";

    /// <summary>The DNS name on the project network (the service key is the service's alias there).</summary>
    public string Host => ServiceKey;

    public int Port => AddonTypes.Port(Type);

    public string User => AddonTypes.User(Type);

    /// <summary>The Postgres database or the RabbitMQ virtual host; null for Redis.</summary>
    public string? Database => AddonTypes.Database(Type);

    public string DataDirectory => AddonTypes.DataDirectory(Type, Version);

    /// <summary>The named volume holding the data. External to every stack, so no `docker stack rm` ever deletes it.</summary>
    public string VolumeName => $"{Project}-{ServiceKey}-data";

    /// <summary>The Swarm secret holding the password: created once by the first deploy, never regenerated.</summary>
    public string PasswordSecret => $"{Project}-{ServiceKey}-password";

    /// <summary>
    /// The Swarm secret the server reads its credentials from when its image takes no password file: Redis's ACL file
    /// (the password's SHA-256 only), RabbitMQ's conf.d file. Null for Postgres (POSTGRES_PASSWORD_FILE).
    /// </summary>
    public string? ServerConfigSecret => Type == AddonType.Postgres ? null : $"{Project}-{ServiceKey}-config";

    /// <summary>
    /// The Swarm secret holding the full connection URL (it contains the password). Its name carries a hash of the URL
    /// without the password, so the deploy knows it without the password, and a change of host, user or database
    /// gives a new secret instead of editing one a running app mounts.
    /// </summary>
    public string UrlSecret => $"{Project}-{ServiceKey}-url-{Hashes.Hex(AddonCredentials.Url(this, string.Empty), 10)}";

    public string TypeName => AddonTypes.Name(Type);

    public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0} ({1} {2})", Name, TypeName, Version);
}
