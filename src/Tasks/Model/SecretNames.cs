namespace SuperDeploy.Model;

/// <summary>
/// Names of the Swarm secrets an app's `SuperDeploySecret` values are stored in. Swarm secrets are immutable, so a
/// changed value gets a new name (a new version) and the stack update swaps it in; the old one can be removed after.
/// </summary>
public static class SecretNames
{
    /// <summary>Docker refuses secret (and config) names longer than this.</summary>
    public const int MaxLength = 64;

    public const int HashLength = 12;

    /// <summary>
    /// `&lt;app&gt;-&lt;name lower&gt;-&lt;12 hex of SHA-256("superdeploy\0" + app + "\0" + name + "\0" + value)&gt;`. The hash only
    /// versions the name: with a 48-bit prefix salted by app and name it does not reveal a value of any real entropy.
    /// </summary>
    public static string Versioned(string app, string name, string value) =>
        $"{Prefix(app, name)}{Hashes.Hex(app + "\0" + name + "\0" + value, HashLength)}";

    /// <summary>What every version of one secret's name starts with (to find the old versions to prune).</summary>
    public static string Prefix(string app, string name) => $"{app}-{name.ToLowerInvariant()}-";

    /// <summary>The length of every versioned name of this secret.</summary>
    public static int VersionedLength(string app, string name) => Prefix(app, name).Length + HashLength;
}
