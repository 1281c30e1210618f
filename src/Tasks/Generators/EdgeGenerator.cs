using System;
using System.Collections.Generic;
using System.Text;
using SuperDeploy.Model;
using YamlDotNet.RepresentationModel;

namespace SuperDeploy.Generators;

/// <summary>The project's edge: one Caddy service publishing 80/443 in host mode, importing every app's site.</summary>
/// <remarks>
/// How the root Caddyfile reaches the container: as an external Swarm config. Before `docker stack deploy` of the
/// edge stack, the deploy runs `docker config create <see cref="CaddyfileConfigName"/>(project) -` with
/// <see cref="Caddyfile"/>() on stdin, unless a config of that name already exists (`docker config inspect`).
/// The name carries a hash of the content, so a config is immutable and versioned: a new SDK with a different root
/// Caddyfile yields a new name, and the stack update swaps it (old configs may be pruned afterwards). It is mounted
/// at <see cref="CaddyfilePath"/>, so it works on the very first start with an empty /data volume, and it needs no
/// shell or helper in the Caddy image.
/// Apps' sites live in the persistent /data volume under <see cref="Conventions.EdgeSitesDirectory"/>: the deploy
/// writes <see cref="SiteFile"/>(app) with `docker exec -i <caddy container> sh -c 'mkdir -p DIR &amp;&amp; cat &gt; FILE'`
/// (or `tee`), then applies it with `docker exec <container> ` + <see cref="ReloadArgv"/>: a graceful reload through
/// the admin endpoint on localhost:2019 inside the container; other apps' connections are untouched. The import
/// glob matching no file (first start) is only a warning in Caddy 2.6.2.
/// </remarks>
public static class EdgeGenerator
{
    /// <summary>The service key of Caddy in the edge stack; the swarm service is `&lt;project&gt;-edge_caddy`.</summary>
    public const string ServiceKey = "caddy";

    public const string CaddyfilePath = "/etc/caddy/Caddyfile";
    public const string AdminAddress = "localhost:2019";

    private const string ConfigKey = "caddyfile";

    /// <summary>The edge stack file for `docker stack deploy`.</summary>
    /// <param name="httpPort">The host port for HTTP (Caddy still listens on 80 inside): another only for tests on a shared machine.</param>
    /// <param name="httpsPort">The host port for HTTPS (443 inside).</param>
    /// <param name="placementConstraints">Where Caddy may run on a multi-node swarm (<see cref="StackPlacement.EdgeConstraints"/>); null = anywhere.</param>
    public static string Stack(string project, string network, string caddyImage, int httpPort = 80, int httpsPort = 443,
        IReadOnlyList<string>? placementConstraints = null)
    {
        var service = YamlText.Map();
        service.PutStr("image", caddyImage);
        // The whole command, so any Caddy image works whatever its ENTRYPOINT/CMD.
        service.Put("entrypoint", ComposeText.StrSeq(new[] { "caddy", "run", "--config", CaddyfilePath, "--adapter", "caddyfile" }));
        var environment = YamlText.Map();
        environment.PutStr("XDG_CONFIG_HOME", "/config");
        environment.PutStr("XDG_DATA_HOME", "/data");
        service.Put("environment", environment);
        service.Put("ports", YamlText.Seq(new YamlNode[] { HostPort(80, httpPort), HostPort(443, httpsPort) }));
        service.Put("volumes", YamlText.Seq(new YamlNode[] { Volume(DataVolume(project), "/data"), Volume(ConfigVolume(project), "/config") }));
        var config = YamlText.Map();
        config.PutStr("source", ConfigKey);
        config.PutStr("target", CaddyfilePath);
        service.Put("configs", YamlText.Seq(new YamlNode[] { config }));
        service.Put("networks", ComposeText.StrSeq(new[] { network }));
        var deploy = Deploy(project);
        if (placementConstraints is { Count: > 0 }) deploy.Put("placement", StackPlacement.Constraints(placementConstraints));
        service.Put("deploy", deploy);

        var services = YamlText.Map();
        services.Put(ServiceKey, service);

        var networks = YamlText.Map();
        networks.Add(ComposeText.Str(network), StackGenerator.External());

        var volumes = YamlText.Map();
        foreach (var name in new[] { DataVolume(project), ConfigVolume(project) })
        {
            var volume = YamlText.Map();
            volume.PutStr("name", name);
            volumes.Add(ComposeText.Str(name), volume);
        }

        var caddyfile = YamlText.Map();
        caddyfile.Put("external", YamlText.Bool(true));
        caddyfile.PutStr("name", CaddyfileConfigName(project));
        var configs = YamlText.Map();
        configs.Put(ConfigKey, caddyfile);

        var root = YamlText.Map();
        root.Put("version", StackGenerator.ComposeVersion);
        root.Put("services", services);
        root.Put("networks", networks);
        root.Put("volumes", volumes);
        root.Put("configs", configs);
        return GeneratedHeader.Wrap(YamlText.Write(root), $"the {project} edge");
    }

    /// <summary>The edge's root Caddyfile: global options plus an import of every app's site file.</summary>
    /// <remarks>
    /// The `:80` catch-all answers hosts no app serves with a 404; Caddy orders it after the host-matched `http://`
    /// sites on the same port and still adds the HTTP-to-HTTPS redirects for real domains (checked with 2.6.2).
    /// </remarks>
    public static string Caddyfile()
    {
        var body = new StringBuilder();
        body.Append("{\n");
        body.Append("\tadmin ").Append(AdminAddress).Append('\n');
        body.Append("}\n");
        body.Append('\n');
        body.Append(":80 {\n");
        body.Append("\trespond \"no app here\" 404\n");
        body.Append("}\n");
        body.Append('\n');
        body.Append("import ").Append(Conventions.EdgeSitesDirectory).Append("/*.caddy\n");
        return GeneratedHeader.Wrap(body.ToString(), "the edge template");
    }

    /// <summary>The external Swarm config holding <see cref="Caddyfile"/>: named after its content, so never changed in place.</summary>
    public static string CaddyfileConfigName(string project) =>
        $"{Conventions.EdgeStackName(project)}-caddyfile-{GeneratedHeader.HashOf(Caddyfile()).Substring(0, 12)}";

    public static string DataVolume(string project) => $"{Conventions.EdgeStackName(project)}-data";

    public static string ConfigVolume(string project) => $"{Conventions.EdgeStackName(project)}-config";

    /// <summary>Where the deploy writes an app's site inside the edge container (the root Caddyfile imports it).</summary>
    public static string SiteFile(string app) => $"{Conventions.EdgeSitesDirectory}/{app}.caddy";

    /// <summary>Run in the edge container after a site changed: a graceful reload of the root Caddyfile and every site.</summary>
    public static IReadOnlyList<string> ReloadArgv { get; } =
        Array.AsReadOnly(new[] { "caddy", "reload", "--config", CaddyfilePath, "--adapter", "caddyfile", "--address", AdminAddress });

    private static YamlMappingNode HostPort(int target, int published)
    {
        var mapping = YamlText.Map();
        mapping.Put("target", YamlText.Int(target));
        mapping.Put("published", YamlText.Int(published));
        mapping.PutStr("protocol", "tcp");
        mapping.PutStr("mode", "host");
        return mapping;
    }

    private static YamlMappingNode Volume(string name, string target)
    {
        var mapping = YamlText.Map();
        mapping.PutStr("type", "volume");
        mapping.PutStr("source", name);
        mapping.PutStr("target", target);
        return mapping;
    }

    private static YamlMappingNode Deploy(string project)
    {
        var deploy = YamlText.Map();
        deploy.Put("replicas", YamlText.Int(1));
        var update = YamlText.Map();
        update.Put("parallelism", YamlText.Int(1));
        // Host-mode ports: the new task cannot bind 80/443 while the old one holds them.
        update.PutStr("order", "stop-first");
        update.PutStr("failure_action", "rollback");
        update.PutStr("monitor", "10s");
        deploy.Put("update_config", update);
        var restart = YamlText.Map();
        restart.PutStr("condition", "any");
        restart.PutStr("delay", "2s");
        deploy.Put("restart_policy", restart);
        var labels = YamlText.Map();
        labels.PutStr(Conventions.LabelProject, project);
        labels.PutStr(Conventions.LabelKind, "edge");
        deploy.Put("labels", labels);
        return deploy;
    }
}
