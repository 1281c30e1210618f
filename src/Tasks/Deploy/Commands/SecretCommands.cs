using System.Collections.Generic;
using SuperDeploy.Model;

namespace SuperDeploy.Deploy.Commands;

/// <summary>
/// Swarm secrets: app secrets (SuperDeploySecret) and addon credentials. A value only ever travels on the standard input
/// of `docker secret create NAME -`: never on a command line (visible in `ps` on the VM), never in a file.
/// </summary>
public static class SecretCommands
{
    /// <summary>Succeeds (printing the id) when the secret exists, fails when it does not.</summary>
    public static Command Inspect(string name) => Command.Docker("secret", "inspect", "--format", "{{.ID}}", name);

    /// <summary>Names of secrets starting with a prefix (Docker filters by substring; callers match the prefix).</summary>
    public static Command List(string prefix) => Command.Docker("secret", "ls", "--filter", $"name={prefix}", "--format", "{{.Name}}");

    /// <summary>
    /// `docker secret create --label k=v ... NAME -` with the content on stdin. Marked sensitive: the command carries a
    /// secret value, so logs and errors show only `docker secret`.
    /// </summary>
    public static Command Create(string name, IEnumerable<KeyValuePair<string, string>> labels, string content)
    {
        var args = new List<string> { "secret", "create" };
        foreach (var label in labels)
        {
            args.Add("--label");
            args.Add($"{label.Key}={label.Value}");
        }
        args.Add(name);
        args.Add("-");
        return Command.Docker(args.ToArray()).WithStdin(content) with { Sensitive = true };
    }

    /// <summary>An app secret: labelled with its project and app, so old versions can be found and pruned.</summary>
    public static Command CreateAppSecret(AppDefinition app, string swarmName, string value) =>
        Create(swarmName, new[]
        {
            new KeyValuePair<string, string>(Conventions.LabelProject, app.Project),
            new KeyValuePair<string, string>(Conventions.LabelApp, app.App),
        }, value);

    /// <summary>Names of the app's secrets, every version (by the labels CreateAppSecret sets).</summary>
    public static Command ListAppSecrets(AppDefinition app) =>
        Command.Docker("secret", "ls", "--filter", $"label={Conventions.LabelProject}={app.Project}",
            "--filter", $"label={Conventions.LabelApp}={app.App}", "--format", "{{.Name}}");

    /// <summary>An addon credential (password, URL, server config): labelled with its project and addon.</summary>
    public static Command CreateAddonSecret(AddonDefinition addon, string name, string content) =>
        Create(name, new[]
        {
            new KeyValuePair<string, string>(Conventions.LabelProject, addon.Project),
            new KeyValuePair<string, string>(Conventions.LabelAddon, addon.Name),
        }, content);

    /// <summary>Docker refuses to remove a secret a service still uses; callers treat that as "keep it".</summary>
    public static Command Remove(string name) => Command.Docker("secret", "rm", name);
}
