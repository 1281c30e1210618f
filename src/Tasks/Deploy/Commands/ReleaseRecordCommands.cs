using System;
using System.Globalization;
using SuperDeploy.Model;

namespace SuperDeploy.Deploy.Commands;

/// <summary>
/// The release history: one Swarm config per successful deploy, `superdeploy-release-&lt;app&gt;-&lt;UTC yyyyMMddHHmmss&gt;`,
/// labelled with the image, tag, commit and time. Names sort chronologically; `ps` and rollback read them.
/// </summary>
public static class ReleaseRecordCommands
{
    public const string NamePrefix = "superdeploy-release-";

    public static string Name(string app, DateTimeOffset utc) =>
        $"{NamePrefix}{app}-{utc.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}";

    public static Command Create(string project, string app, string image, string tag, string? commit, DateTimeOffset utc, string? digest = null)
    {
        var time = utc.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        return Command.Docker("config", "create",
                "--label", $"{Conventions.LabelProject}={project}",
                "--label", $"{Conventions.LabelApp}={app}",
                "--label", $"{DeployLabels.ReleaseImage}={image}",
                "--label", $"{DeployLabels.ReleaseTag}={tag}",
                "--label", $"{DeployLabels.ReleaseCommit}={commit ?? ""}",
                "--label", $"{DeployLabels.ReleaseTime}={time}",
                "--label", $"{DeployLabels.ReleaseDigest}={digest ?? ""}",
                Name(app, utc), "-")
            .WithStdin($"image: {image}\ntag: {tag}\ncommit: {commit ?? ""}\ntime: {time}\n");
    }

    /// <summary>One line per recorded release of the app: name, image, tag, commit, time, digest (unsorted; callers sort by name).</summary>
    public static Command List(string app) =>
        Command.Docker("config", "ls", "--filter", $"label={Conventions.LabelApp}={app}", "--filter", $"name={NamePrefix}{app}-",
            "--format",
            "{{.Name}}\t{{.Label \"" + DeployLabels.ReleaseImage + "\"}}\t{{.Label \"" + DeployLabels.ReleaseTag + "\"}}" +
            "\t{{.Label \"" + DeployLabels.ReleaseCommit + "\"}}\t{{.Label \"" + DeployLabels.ReleaseTime + "\"}}" +
            "\t{{.Label \"" + DeployLabels.ReleaseDigest + "\"}}");

    public static Command Remove(string name) => Command.Docker("config", "rm", name);
}
