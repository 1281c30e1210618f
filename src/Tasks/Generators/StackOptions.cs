using System.Collections.Generic;

namespace SuperDeploy.Generators;

/// <summary>What a stack file needs beyond the model.</summary>
public sealed record StackOptions
{
    public static StackOptions Default { get; } = new();

    public HealthCheckOptions HealthCheck { get; init; } = HealthCheckOptions.Default;

    /// <summary>
    /// Live replica counts by process name (a `scale` persisted on the server) that win over the declared ones,
    /// so the next deploy does not silently revert a scale. The declared count stays in a label.
    /// </summary>
    public IReadOnlyDictionary<string, int>? Replicas { get; init; }

    /// <summary>
    /// Each SuperDeploySecret name to the Swarm secret holding its current value (<c>SecretNames.Versioned(app, name, value)</c>),
    /// computed by the deploy, which creates the secrets first. Null (build time) leaves the app's own secrets out of the
    /// file; attached addons' secrets are always in it, as their names do not depend on values.
    /// </summary>
    public IReadOnlyDictionary<string, string>? SecretSources { get; init; }

    /// <summary>
    /// True when the project declares SuperDeployNode items (a multi-node swarm): each service is then constrained to
    /// the nodes labelled with its role (<see cref="Model.Placement.RoleOf"/>) and spread over them. Off by default,
    /// so a one-VM project's stack file carries no placement at all.
    /// </summary>
    public bool NodesDeclared { get; init; }
}
