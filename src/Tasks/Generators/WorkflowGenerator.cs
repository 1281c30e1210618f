using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using SuperDeploy.Model;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace SuperDeploy.Generators;

/// <summary>The thin GitHub Actions workflow that calls `dotnet publish -t:SuperDeploy`.</summary>
/// <remarks>
/// Hardening, from what went wrong before: least-privilege `permissions`, actions pinned by commit, checkout without
/// persisted credentials, one deploy at a time per app (`concurrency`, never cancelled midway), and every secret
/// reaches a script only as an environment variable of the one step that needs it: no `${{ }}` is ever expanded
/// into a `run:` script, so no value can become shell code.
/// </remarks>
public static class WorkflowGenerator
{
    public const string SshKeySecret = "SUPERDEPLOY_SSH_KEY";
    public const string KnownHostsSecret = "SUPERDEPLOY_KNOWN_HOSTS";
    public const string RegistryUserSecret = "SUPERDEPLOY_REGISTRY_USER";
    public const string RegistryPasswordSecret = "SUPERDEPLOY_REGISTRY_PASSWORD";

    /// <summary>The SDK's container publishing reads registry credentials from these.</summary>
    public const string RegistryUserVariable = "DOTNET_CONTAINER_REGISTRY_UNAME";
    public const string RegistryPasswordVariable = "DOTNET_CONTAINER_REGISTRY_PWORD";

    private const string KeyDirectory = "$RUNNER_TEMP/superdeploy";

    private static readonly Regex SecretName = new("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);

    public static string Generate(AppDefinition app, WorkflowOptions options)
    {
        if (app == null) throw new ArgumentNullException(nameof(app));
        if (options == null) throw new ArgumentNullException(nameof(options));
        var comments = new List<KeyValuePair<YamlNode, string>>();

        var push = YamlText.Map();
        push.Put("branches", YamlText.StrSeq(new[] { options.Branch }));
        var on = YamlText.Map();
        on.Put("push", push);
        on.Put("workflow_dispatch", new YamlMappingNode { Style = MappingStyle.Flow });

        var permissions = YamlText.Map();
        permissions.Put("contents", "read");

        var concurrency = YamlText.Map();
        concurrency.Put("group", $"superdeploy-{app.Project}-{app.App}");
        concurrency.Put("cancel-in-progress", YamlText.Bool(false));

        var steps = new YamlSequenceNode { Style = SequenceStyle.Block };
        steps.Add(Checkout(comments));
        steps.Add(SetupDotnet(options, comments));
        steps.Add(InstallSshKey());
        steps.Add(Deploy(app, options));
        steps.Add(RemoveSshKey());

        var job = YamlText.Map();
        job.Put("name", $"Deploy {app.App} ({app.Project})");
        job.Put("runs-on", options.RunsOn);
        job.Put("timeout-minutes", YamlText.Int(options.TimeoutMinutes));
        job.Put("steps", steps);
        var jobs = YamlText.Map();
        jobs.Put("deploy", job);

        var root = YamlText.Map();
        root.Put("name", $"Deploy {app.App}");
        root.Put("on", on);
        root.Put("permissions", permissions);
        root.Put("concurrency", concurrency);
        root.Put("jobs", jobs);
        return GeneratedHeader.Wrap(YamlText.Write(root, comments), MarkerGenerator.SourceName(app.ProjectFile));
    }

    /// <summary>Every repository secret the workflow reads (for the build summary's `Secrets: N`), without duplicates.</summary>
    public static IReadOnlyList<string> SecretNames(AppDefinition app) =>
        new[] { SshKeySecret, KnownHostsSecret, RegistryUserSecret, RegistryPasswordSecret }
            .Concat(app.Secrets)
            .Distinct(StringComparer.Ordinal)
            .ToArray();

    private static YamlMappingNode Checkout(List<KeyValuePair<YamlNode, string>> comments)
    {
        var with = YamlText.Map();
        with.Put("persist-credentials", YamlText.Bool(false));
        return ActionStep("Check out", PinnedActions.Checkout, with, comments);
    }

    private static YamlMappingNode SetupDotnet(WorkflowOptions options, List<KeyValuePair<YamlNode, string>> comments)
    {
        var with = YamlText.Map();
        if (options.GlobalJsonFile != null) with.Put("global-json-file", options.GlobalJsonFile);
        else with.Put("dotnet-version", options.DotnetVersion);
        return ActionStep("Set up .NET", PinnedActions.SetupDotnet, with, comments);
    }

    private static YamlMappingNode ActionStep(string name, PinnedAction action, YamlMappingNode with, List<KeyValuePair<YamlNode, string>> comments)
    {
        var uses = YamlText.Str(action.Uses);
        comments.Add(new KeyValuePair<YamlNode, string>(uses, action.Release));
        var step = YamlText.Map();
        step.Put("name", name);
        step.Put("uses", uses);
        step.Put("with", with);
        return step;
    }

    private static YamlMappingNode InstallSshKey()
    {
        var env = YamlText.Map();
        env.Put(SshKeySecret, SecretExpression(SshKeySecret));
        env.Put(KnownHostsSecret, SecretExpression(KnownHostsSecret));
        var script = Script(
            $"install -m 700 -d \"{KeyDirectory}\"",
            $"install -m 600 /dev/null \"{KeyDirectory}/id\"",
            $"printf '%s\\n' \"${SshKeySecret}\" > \"{KeyDirectory}/id\"",
            $"install -m 600 /dev/null \"{KeyDirectory}/known_hosts\"",
            $"printf '%s\\n' \"${KnownHostsSecret}\" > \"{KeyDirectory}/known_hosts\"");
        return RunStep("Install the SSH key and known hosts", env, script);
    }

    private static YamlMappingNode Deploy(AppDefinition app, WorkflowOptions options)
    {
        var env = YamlText.Map();
        env.Put(RegistryUserVariable, SecretExpression(RegistryUserSecret));
        env.Put(RegistryPasswordVariable, SecretExpression(RegistryPasswordSecret));
        foreach (var secret in app.Secrets.Distinct(StringComparer.Ordinal))
        {
            CheckSecretName(secret);
            if (secret == RegistryUserVariable || secret == RegistryPasswordVariable)
                throw new ArgumentException($"The secret name {secret} is reserved for the registry credentials.", nameof(app));
            env.Put(secret, SecretExpression(secret));
        }

        var script = Script(
            "dotnet publish " + ShellWord(options.ProjectPathInRepository) + " -t:SuperDeploy"
            + $" \"-p:SuperDeployKnownHostsFile={KeyDirectory}/known_hosts\""
            + $" \"-p:SuperDeploySshIdentityFile={KeyDirectory}/id\"");
        return RunStep("Deploy", env, script);
    }

    private static YamlMappingNode RemoveSshKey()
    {
        var step = YamlText.Map();
        step.Put("name", "Remove the SSH key");
        step.Put("if", "always()");
        step.Put("shell", "bash");
        step.Put("run", YamlText.Literal(Script($"rm -rf \"{KeyDirectory}\"")));
        return step;
    }

    private static YamlMappingNode RunStep(string name, YamlMappingNode env, string script)
    {
        var step = YamlText.Map();
        step.Put("name", name);
        step.Put("shell", "bash");
        step.Put("env", env);
        step.Put("run", YamlText.Literal(script));
        return step;
    }

    private static string Script(params string[] lines)
    {
        var script = new StringBuilder("set -euo pipefail\n");
        foreach (var line in lines) script.Append(line).Append('\n');
        return script.ToString();
    }

    private static string SecretExpression(string name)
    {
        CheckSecretName(name);
        return "${{ secrets." + name + " }}";
    }

    private static void CheckSecretName(string name)
    {
        if (!SecretName.IsMatch(name) || name.StartsWith("GITHUB_", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"'{name}' is not a valid GitHub secret name.", nameof(name));
    }

    /// <summary>One shell word: as is when it is plainly safe, else single-quoted.</summary>
    private static string ShellWord(string value) =>
        value.Length > 0 && Regex.IsMatch(value, "^[A-Za-z0-9_./@%+=:,-]+$", RegexOptions.CultureInvariant)
            ? value
            : "'" + value.Replace("'", "'\\''") + "'";
}
