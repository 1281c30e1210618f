using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using SuperDeploy.Deploy.Execution;
using SuperDeploy.Generators;
using SuperDeploy.Model;

namespace SuperDeploy.Deploy.Commands;

/// <summary>
/// The release process: a Swarm replicated-job run once on the new image, attached to the project network, before the
/// stack is deployed. It is never a service in the stack file.
/// </summary>
public static class ReleaseCommands
{
    /// <summary>`&lt;app&gt;-release-&lt;tag&gt;`, made a valid Swarm service name (letters, digits, dashes; at most 63 characters).</summary>
    public static string JobName(string app, string tag)
    {
        var name = new StringBuilder($"{app}-release-");
        foreach (var c in tag) name.Append(char.IsLetterOrDigit(c) && c < 128 ? c : '-');
        var text = name.ToString().TrimEnd('-');
        return text.Length <= 63 ? text : text.Substring(0, 63).TrimEnd('-');
    }

    /// <param name="resolveImage">False when the image exists only in the local engine (no registry to ask for its digest).</param>
    /// <param name="secrets">The app's secrets and attached addons (ServiceSecrets.For), so the release sees what the services see.</param>
    /// <param name="nodesDeclared">A multi-node swarm: the job runs on the nodes of the release's role, like the stack's services.</param>
    public static Command Create(AppDefinition app, ProcessDefinition release, string image, string jobName, bool resolveImage = true,
        ServiceSecrets? secrets = null, bool nodesDeclared = false)
    {
        var argv = CommandLine.ToContainerArgv(release.Command);
        if (secrets is not null) argv = secrets.Wrap(argv);
        var args = new List<string>
        {
            "service", "create",
            "--mode", "replicated-job",
            "--restart-condition", "none",
            "--network", app.NetworkName,
            "--name", jobName,
            "--label", $"{Conventions.LabelProject}={app.Project}",
            "--label", $"{Conventions.LabelApp}={app.App}",
            "--label", $"{Conventions.LabelProcess}={release.Name}",
            "--label", $"{Conventions.LabelKind}=release",
            "--env", $"PROCESS_TYPE={release.Name}",
            "--with-registry-auth",
            "--detach",
        };
        foreach (var mount in secrets?.Mounts ?? Array.Empty<SecretMount>())
        {
            args.Add("--secret");
            args.Add($"source={mount.Source},target={mount.Target}");
        }
        foreach (var variable in secrets?.Variables ?? Array.Empty<KeyValuePair<string, string>>())
        {
            args.Add("--env");
            args.Add($"{variable.Key}={variable.Value}");
        }
        if (nodesDeclared) args.AddRange(Generators.StackPlacement.ServiceCreateArguments(Placement.RoleOf(app, release)));
        if (!resolveImage) args.Add("--no-resolve-image");
        args.AddRange(new[]
        {
            // The CLI splits --entrypoint shell-style, so the program is quoted; its arguments follow the image as-is.
            "--entrypoint", PosixShell.Quote(argv[0]),
            image,
        });
        args.AddRange(argv.Skip(1));
        return Command.Docker(args.ToArray());
    }

    /// <summary>The job's task ids (one, with restart-condition none).</summary>
    public static Command Tasks(string jobName) => Command.Docker("service", "ps", "--no-trunc", "--quiet", jobName);

    /// <summary>Prints `state\texitCode\terror` of a task, e.g. `complete\t0\t` or `failed\t3\ttask: non-zero exit (3)`.</summary>
    public static Command TaskStatus(string taskId) =>
        Command.Docker("inspect", "--type", "task", "--format",
            "{{.Status.State}}\t{{with .Status.ContainerStatus}}{{.ExitCode}}{{end}}\t{{.Status.Err}}", taskId);

    public static Command Logs(string jobName) => Command.Docker("service", "logs", "--raw", jobName);

    public static Command Remove(string jobName) => Command.Docker("service", "rm", jobName);

    /// <summary>
    /// Engine 20.10 leaves the exited container of a removed job's task behind: remove it (on the node the commands
    /// run on, where a one-node swarm runs everything). On a multi-node swarm the job may have run on another node: there
    /// the filter matches nothing on the manager and prune succeeds with nothing removed (the deploy runs it as a Try).
    /// </summary>
    public static Command RemoveContainers(string jobName) =>
        Command.Docker("container", "prune", "--force", "--filter", $"label=com.docker.swarm.service.name={jobName}");
}
