using System;
using System.Collections.Generic;
using SuperDeploy.Model;

namespace SuperDeploy.Deploy;

/// <summary>Everything one deploy needs, decided before it starts (the image is already built and pushed or loaded).</summary>
/// <param name="Image">The full reference, e.g. `127.0.0.1:5000/demo/api:3f2a1b0c9d8e`.</param>
/// <param name="ImageInRegistry">False when the image was loaded into the local engine: Swarm must not try to resolve it.</param>
/// <param name="RenderStack">The app's stack file (StackGenerator) for a model, an image, and the live replica counts to keep by process name.</param>
/// <param name="Login">Credentials for the target's Docker CLI when the registry is private (from the environment).</param>
/// <param name="CaddySite">The app's site (CaddySiteGenerator); null when the app has no web process.</param>
public sealed partial record DeployRequest(
    AppDefinition App,
    string Image,
    string ImageTag,
    string? Commit,
    bool ImageInRegistry,
    Func<AppDefinition, string, IReadOnlyDictionary<string, int>, string> RenderStack,
    EdgeDefinition Edge,
    string? CaddySite,
    DeploySettings Settings,
    RegistryLogin? Login = null)
{
    /// <summary>Set for `-t:SuperDeployRollback`: the image is chosen from the release history under the lock.</summary>
    public RollbackRequest? Rollback { get; init; }

    /// <summary>The app's SuperDeploySecret values from the environment (AppSecretValues.Read): created as Swarm secrets before the release.</summary>
    public IReadOnlyList<AppSecret> Secrets { get; init; } = Array.Empty<AppSecret>();

    /// <summary>Each secret's name to its versioned Swarm secret, for the release job and the stack file.</summary>
    public IReadOnlyDictionary<string, string> SecretSources => AppSecretValues.Sources(Secrets);
}

/// <param name="Timeout">Release, convergence and edge waits (SuperDeployTimeout).</param>
/// <param name="LockTimeout">How long to wait for another deploy's lock (SuperDeployLockTimeout).</param>
/// <param name="BreakLock">Remove a stale lock first (SuperDeployBreakLock).</param>
public sealed record DeploySettings(TimeSpan Timeout, TimeSpan LockTimeout, bool BreakLock, string LockHolder)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(300);
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(300);
    public const int DefaultKeepReleases = 5;
    public static readonly TimeSpan DefaultLockStaleAfter = TimeSpan.FromHours(1);

    /// <summary>Release records, and the target's local images they name, kept after a deploy (SuperDeployKeepReleases).</summary>
    public int KeepReleases { get; init; } = DefaultKeepReleases;

    /// <summary>A lock older than this is reported at once as left by a crashed deploy (SuperDeployLockStaleAfter).</summary>
    public TimeSpan LockStaleAfter { get; init; } = DefaultLockStaleAfter;
}
