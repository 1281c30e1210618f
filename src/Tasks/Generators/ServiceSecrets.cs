using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SuperDeploy.Model;

namespace SuperDeploy.Generators;

/// <summary>A Swarm secret mounted into a service: the secret's name and the file name under /run/secrets.</summary>
public sealed record SecretMount(string Source, string Target)
{
    public string Path => $"{Conventions.SecretsDirectory}/{Target}";
}

/// <summary>
/// What an app's processes get from its secrets and attached addons: Swarm secrets mounted under /run/secrets, plain
/// variables (`DB_HOST`, `DB_PASSWORD_FILE`, ...) and, for values that must be variables (`DB_URL`, `DB_PASSWORD`,
/// `STRIPE_KEY`), the agent's `exec` wrapped around the command, which reads them from the files
/// (<see cref="Conventions.EnvFilesVariable"/>). Values are never in the stack file or the service spec.
/// The stack file's services and the deploy's release job both use this, so a release sees what the app sees.
/// </summary>
public sealed class ServiceSecrets
{
    private ServiceSecrets(IReadOnlyList<SecretMount> mounts, IReadOnlyList<KeyValuePair<string, string>> variables)
    {
        Mounts = mounts;
        Variables = variables;
    }

    /// <summary>Secrets to mount, app secrets first (in declaration order), then each attachment's URL and password.</summary>
    public IReadOnlyList<SecretMount> Mounts { get; }

    /// <summary>Plain environment variables (no secret values), in a stable order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Variables { get; }

    /// <summary>True when the processes need the agent's `exec` (any secret to turn into a variable).</summary>
    public bool WrapsCommand => Mounts.Count > 0;

    /// <param name="secretSources">
    /// Each SuperDeploySecret name to the Swarm secret holding its value (<see cref="SecretNames.Versioned"/>), from the
    /// deploy; null leaves the app's own secrets out (the build-time stack file cannot know their versions).
    /// </param>
    public static ServiceSecrets For(AppDefinition app, IReadOnlyDictionary<string, string>? secretSources)
    {
        var mounts = new List<SecretMount>();
        if (secretSources != null)
        {
            foreach (var name in app.Secrets.Distinct(StringComparer.Ordinal))
            {
                if (!secretSources.TryGetValue(name, out var source))
                    throw new ArgumentException($"No Swarm secret was given for the app's secret {name}.", nameof(secretSources));
                mounts.Add(new SecretMount(source, name));
            }
        }

        var variables = new List<KeyValuePair<string, string>>();
        foreach (var (attachment, addon) in app.AttachedAddons)
        {
            var alias = attachment.Alias;
            var url = new SecretMount(addon.UrlSecret, alias + "_URL");
            var password = new SecretMount(addon.PasswordSecret, alias + "_PASSWORD");
            mounts.Add(url);
            mounts.Add(password);
            variables.Add(Pair(alias + "_HOST", addon.Host));
            variables.Add(Pair(alias + "_PORT", addon.Port.ToString(CultureInfo.InvariantCulture)));
            variables.Add(Pair(alias + "_USER", addon.User));
            variables.Add(Pair(alias + "_PASSWORD_FILE", password.Path));
            if (addon.Type == AddonType.Postgres) variables.Add(Pair(alias + "_DATABASE", addon.Database!));
            if (addon.Type == AddonType.Rabbitmq) variables.Add(Pair(alias + "_VHOST", addon.Database!));
        }

        if (mounts.Count > 0)
            variables.Add(Pair(Conventions.EnvFilesVariable, string.Join(";", mounts.Select(m => $"{m.Target}={m.Path}"))));

        return new ServiceSecrets(mounts, variables);
    }

    /// <summary>The process's argv run through the agent, which sets the variables from the secret files and then becomes the process.</summary>
    public IReadOnlyList<string> Wrap(IReadOnlyList<string> argv) =>
        WrapsCommand ? new[] { "dotnet", Conventions.AgentDll, "exec", "--" }.Concat(argv).ToArray() : argv;

    private static KeyValuePair<string, string> Pair(string key, string value) => new(key, value);
}
