using System.Collections.Generic;

namespace SuperDeploy.Model;

/// <summary>
/// Commands run inside a running addon's container (`docker exec -i &lt;container&gt; argv...`): they use the tools of the
/// addon's own image, so the deploying machine needs no database client.
/// </summary>
public static class AddonTools
{
    /// <summary>
    /// Prints the addon's password (its secret file) on stdout, for the deploy to recreate a URL secret under a new name
    /// without ever regenerating the password. The output goes to memory and to `docker secret create`'s stdin only.
    /// </summary>
    public static IReadOnlyList<string> ReadPassword { get; } = new[] { "cat", "/run/secrets/password" };

    /// <summary>A Postgres backup in pg_dump's custom format on stdout. Local socket connections in the container need no password.</summary>
    public static IReadOnlyList<string> PostgresDump(AddonDefinition addon) =>
        new[] { "pg_dump", "--username=" + addon.User, "--dbname=" + addon.Database, "--format=custom", "--no-owner", "--no-privileges" };

    /// <summary>Restores a <see cref="PostgresDump"/> read from stdin, replacing what the dump contains, all or nothing.</summary>
    public static IReadOnlyList<string> PostgresRestore(AddonDefinition addon) =>
        new[] { "pg_restore", "--username=" + addon.User, "--dbname=" + addon.Database, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error" };
}
