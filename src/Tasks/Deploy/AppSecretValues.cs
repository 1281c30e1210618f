using System;
using System.Collections.Generic;
using System.Linq;
using SuperDeploy.Model;
using SuperDeploy.Resources;

namespace SuperDeploy.Deploy;

/// <summary>
/// One SuperDeploySecret with its value from the deploying environment and the versioned Swarm secret that holds it.
/// The value lives only in memory and on the standard input of `docker secret create`; ToString never shows it.
/// </summary>
public sealed class AppSecret
{
    public AppSecret(string name, string swarmName, string value)
    {
        Name = name;
        SwarmName = swarmName;
        Value = value;
    }

    /// <summary>The variable name, e.g. `STRIPE_KEY`.</summary>
    public string Name { get; }

    /// <summary><see cref="SecretNames.Versioned"/>: a changed value is a new secret.</summary>
    public string SwarmName { get; }

    public string Value { get; }

    public override string ToString() => $"{Name} -> {SwarmName}";
}

/// <summary>Reads every SuperDeploySecret's value from the environment, before the deploy changes anything.</summary>
public static class AppSecretValues
{
    /// <param name="read">The environment (Environment.GetEnvironmentVariable in the task; a dictionary in tests).</param>
    /// <exception cref="DeployException">SD3050 naming every secret that is not set or empty (never a value).</exception>
    public static IReadOnlyList<AppSecret> Read(AppDefinition app, Func<string, string?> read)
    {
        var secrets = new List<AppSecret>();
        var missing = new List<string>();
        foreach (var name in app.Secrets.Distinct(StringComparer.Ordinal))
        {
            var value = read(name);
            // Docker refuses an empty secret; an unset variable is almost always a forgotten export.
            if (string.IsNullOrEmpty(value)) missing.Add(name);
            else secrets.Add(new AppSecret(name, SecretNames.Versioned(app.App, name, value!), value!));
        }

        if (missing.Count > 0)
            throw DeployErrors.Create(nameof(Strings.SecretNotInEnvironment), app.App, string.Join(", ", missing), app.ProjectFile);
        return secrets;
    }

    /// <summary>Each secret's name to its Swarm secret: <c>StackOptions.SecretSources</c> and the release job's mounts.</summary>
    public static IReadOnlyDictionary<string, string> Sources(IEnumerable<AppSecret> secrets) =>
        secrets.ToDictionary(s => s.Name, s => s.SwarmName, StringComparer.Ordinal);
}
