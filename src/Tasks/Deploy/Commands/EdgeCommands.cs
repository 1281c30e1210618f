using System.Linq;
using SuperDeploy.Model;

namespace SuperDeploy.Deploy.Commands;

/// <summary>
/// The project's Caddy edge: its own stack (so app deploys never restart it), and each app's site file written into its
/// persistent /data volume through `docker exec`, then applied with a graceful `caddy reload`.
/// </summary>
public static class EdgeCommands
{
    public static string SitePath(string app) => $"{Conventions.EdgeSitesDirectory}/{app}.caddy";

    /// <summary>Written first, then renamed over the site: the import glob `*.caddy` never sees a half-written file.</summary>
    public static string PendingSitePath(string app) => SitePath(app) + ".new";

    public static Command Deploy(string project, string edgeStackYaml, bool detachFlag) =>
        StackCommands.Deploy(Conventions.EdgeStackName(project), edgeStackYaml, "always", detachFlag);

    /// <summary>The running edge container on the node the commands run on (a manager; the edge is placed there).</summary>
    public static Command FindContainer(string edgeService) =>
        Command.Docker("ps", "--filter", $"label=com.docker.swarm.service.name={edgeService}", "--filter", "status=running",
            "--format", "{{.ID}}");

    public static Command EnsureSitesDirectory(string container) =>
        Command.Docker("exec", container, "mkdir", "-p", Conventions.EdgeSitesDirectory);

    public static Command ReadSite(string container, string app) =>
        Command.Docker("exec", container, "cat", SitePath(app));

    public static Command WriteSite(string container, string app, string site) =>
        Command.Docker("exec", "-i", container, "tee", PendingSitePath(app)).WithStdin(site);

    public static Command CommitSite(string container, string app) =>
        Command.Docker("exec", container, "mv", "-f", PendingSitePath(app), SitePath(app));

    public static Command RemoveSite(string container, string app) =>
        Command.Docker("exec", container, "rm", "-f", SitePath(app), PendingSitePath(app));

    /// <param name="reloadArgv">EdgeGenerator.ReloadArgv: `caddy reload --config ... --adapter caddyfile --address ...`.</param>
    public static Command Reload(string container, System.Collections.Generic.IEnumerable<string> reloadArgv) =>
        Command.Docker(new[] { "exec", container }.Concat(reloadArgv).ToArray());

    /// <summary>Fails when the root Caddyfile's config does not exist yet.</summary>
    public static Command InspectCaddyfile(string configName) =>
        Command.Docker("config", "inspect", "--format", "{{.Spec.Name}}", configName);

    /// <summary>The root Caddyfile as an immutable Swarm config, named after its content (EdgeGenerator.CaddyfileConfigName).</summary>
    public static Command CreateCaddyfile(string project, string configName, string caddyfile) =>
        Command.Docker("config", "create", "--label", $"{Conventions.LabelProject}={project}", configName, "-").WithStdin(caddyfile);
}
