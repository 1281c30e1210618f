using System;
using System.Collections.Generic;
using System.Globalization;
using SuperDeploy.Model;
using YamlDotNet.RepresentationModel;

namespace SuperDeploy.Generators;

/// <summary>
/// One addon's own stack (`&lt;project&gt;-addon-&lt;name&gt;`): a single service on the project network with a persistent
/// named volume, a health check, resource limits and credentials read only from Swarm secrets. App deploys never deploy
/// it, so deploying, rolling back or scaling an app never restarts it.
/// </summary>
/// <remarks>
/// Credentials, by what each official image supports: Postgres reads <c>POSTGRES_PASSWORD_FILE</c>; Redis has no password
/// variable, so it gets <c>--aclfile</c> with an ACL file holding only the password's SHA-256 (the password is never on a
/// command line); RabbitMQ dropped <c>RABBITMQ_DEFAULT_PASS_FILE</c>, so it gets a conf.d file (default user, password,
/// vhost) mounted from a secret. The deploy creates the secrets (<see cref="AddonCredentials"/>) before the stack.
/// The service keeps the image's entrypoint (its user switch and first-start initialisation) and a fixed hostname
/// (RabbitMQ names its data directory after it). Updates stop the old task first: two servers on one data directory
/// would corrupt it. Placed on one node so the task always finds its local volume: a manager (one VM, or a swarm with one
/// manager), or on a multi-node swarm the one node of the addon's Vm role (<see cref="StackPlacement.AddonConstraints"/>).
/// </remarks>
public static class AddonStackGenerator
{
    /// <summary>Where the RabbitMQ conf.d secret is mounted; later files win over the image's 10-defaults.conf.</summary>
    public const string RabbitmqConfigPath = "/etc/rabbitmq/conf.d/90-superdeploy.conf";

    private const string PasswordTarget = "password";
    private const string RedisAclTarget = "acl";

    public static string PasswordPath => $"{Conventions.SecretsDirectory}/{PasswordTarget}";

    /// <param name="nodesDeclared">SuperDeployNode items exist: the addon's Vm, when set, places it (else a manager).</param>
    public static string Generate(AddonDefinition addon, bool nodesDeclared = false)
    {
        // The spec label is the hash of everything else, so a deploy can compare it with the running service's.
        var body = YamlText.Write(Root(addon, nodesDeclared, spec: null));
        return GeneratedHeader.Wrap(YamlText.Write(Root(addon, nodesDeclared, spec: GeneratedHeader.HashOf(body))), $"the {addon.Project} addon {addon.Name}");
    }

    /// <summary>The value of <see cref="Conventions.LabelAddonSpec"/> in <see cref="Generate"/>'s output.</summary>
    public static string SpecHash(AddonDefinition addon, bool nodesDeclared = false) => GeneratedHeader.HashOf(YamlText.Write(Root(addon, nodesDeclared, spec: null)));

    private static YamlMappingNode Root(AddonDefinition addon, bool nodesDeclared, string? spec)
    {
        var services = YamlText.Map();
        services.Add(ComposeText.Str(addon.ServiceKey), Service(addon, nodesDeclared, spec));

        var networks = YamlText.Map();
        networks.Add(ComposeText.Str(NetworkName(addon)), StackGenerator.External());

        var volume = YamlText.Map();
        volume.PutStr("name", addon.VolumeName);
        volume.Put("labels", Labels(addon, null));
        var volumes = YamlText.Map();
        volumes.Add(ComposeText.Str(addon.VolumeName), volume);

        var secrets = YamlText.Map();
        foreach (var mount in Secrets(addon))
            secrets.Add(ComposeText.Str(mount.Source), StackGenerator.External());

        var root = YamlText.Map();
        root.Put("version", StackGenerator.ComposeVersion);
        root.Put("services", services);
        root.Put("networks", networks);
        root.Put("volumes", volumes);
        root.Put("secrets", secrets);
        return root;
    }

    public static string NetworkName(AddonDefinition addon) => $"{addon.Project}-net";

    /// <summary>The addon's secrets as mounted in its own container (the deploy creates them before the stack).</summary>
    public static IReadOnlyList<SecretMount> Secrets(AddonDefinition addon) => addon.Type switch
    {
        AddonType.Postgres => new[] { new SecretMount(addon.PasswordSecret, PasswordTarget) },
        AddonType.Redis => new[] { new SecretMount(addon.PasswordSecret, PasswordTarget), new SecretMount(addon.ServerConfigSecret!, RedisAclTarget) },
        _ => new[] { new SecretMount(addon.PasswordSecret, PasswordTarget), new SecretMount(addon.ServerConfigSecret!, RabbitmqConfigPath) },
    };

    private static YamlMappingNode Service(AddonDefinition addon, bool nodesDeclared, string? spec)
    {
        var service = YamlText.Map();
        service.PutStr("image", addon.Image);
        service.PutStr("hostname", addon.ServiceKey);
        if (Command(addon) is { } command) service.Put("command", ComposeText.StrSeq(command));
        if (addon.Type == AddonType.Postgres)
        {
            var environment = YamlText.Map();
            environment.PutStr("POSTGRES_DB", addon.Database!);
            environment.PutStr("POSTGRES_PASSWORD_FILE", PasswordPath);
            environment.PutStr("POSTGRES_USER", addon.User);
            service.Put("environment", environment);
        }

        var secrets = new List<YamlNode>();
        foreach (var mount in Secrets(addon))
        {
            var entry = YamlText.Map();
            entry.PutStr("source", mount.Source);
            entry.PutStr("target", mount.Target);
            secrets.Add(entry);
        }

        service.Put("secrets", YamlText.Seq(secrets));
        var volume = YamlText.Map();
        volume.PutStr("type", "volume");
        volume.PutStr("source", addon.VolumeName);
        volume.PutStr("target", addon.DataDirectory);
        service.Put("volumes", YamlText.Seq(new YamlNode[] { volume }));
        if (addon.PublishPort is { } published)
        {
            var port = YamlText.Map();
            port.Put("target", YamlText.Int(addon.Port));
            port.Put("published", YamlText.Int(published));
            port.PutStr("protocol", "tcp");
            port.PutStr("mode", "host");
            service.Put("ports", YamlText.Seq(new YamlNode[] { port }));
        }

        service.Put("healthcheck", HealthCheck(addon));
        // Postgres stops fastest and cleanly on SIGINT ("fast shutdown"); on SIGTERM it waits for every client to leave.
        if (addon.Type == AddonType.Postgres) service.PutStr("stop_signal", "SIGINT");
        service.PutStr("stop_grace_period", ResourceFormat.Duration(StopGrace(addon.Type)));
        service.Put("networks", ComposeText.StrSeq(new[] { NetworkName(addon) }));
        service.Put("deploy", Deploy(addon, nodesDeclared, spec));
        return service;
    }

    /// <summary>The server's arguments after the image's entrypoint, when the image's default command is not enough.</summary>
    private static IReadOnlyList<string>? Command(AddonDefinition addon)
    {
        if (addon.Type != AddonType.Redis) return null;
        // A maxmemory below the container's limit makes a full Redis refuse writes instead of being killed mid-write.
        var maxMemory = addon.MemoryBytes / 4 * 3;
        return new[]
        {
            "redis-server",
            "--aclfile", $"{Conventions.SecretsDirectory}/{RedisAclTarget}",
            "--appendonly", "yes",
            "--maxmemory", maxMemory.ToString(CultureInfo.InvariantCulture),
            "--maxmemory-policy", "noeviction",
        };
    }

    private static YamlMappingNode HealthCheck(AddonDefinition addon)
    {
        var test = addon.Type switch
        {
            // Over TCP, so it passes only once the real server listens (initialisation runs a socket-only one).
            AddonType.Postgres => new[] { "CMD", "pg_isready", "-h", "127.0.0.1", "-p", Port(addon), "-U", addon.User, "-d", addon.Database! },
            // redis-cli exits 0 on an error reply (NOAUTH), hence the PONG check; the password goes by variable, not argv.
            AddonType.Redis => new[] { "CMD-SHELL", $"REDISCLI_AUTH=\"$(cat {PasswordPath})\" redis-cli -h 127.0.0.1 -p {Port(addon)} ping | grep -qx PONG" },
            _ => new[] { "CMD", "rabbitmq-diagnostics", "-q", "ping" },
        };
        var check = YamlText.Map();
        check.Put("test", ComposeText.StrSeq(test));
        var slow = addon.Type == AddonType.Rabbitmq;
        check.PutStr("interval", slow ? "10s" : "5s");
        check.PutStr("timeout", slow ? "10s" : "5s");
        check.Put("retries", YamlText.Int(5));
        check.PutStr("start_period", slow ? "90s" : "60s");
        return check;
    }

    private static string Port(AddonDefinition addon) => addon.Port.ToString(CultureInfo.InvariantCulture);

    private static TimeSpan StopGrace(AddonType type) => type == AddonType.Redis ? TimeSpan.FromSeconds(30) : TimeSpan.FromSeconds(60);

    private static YamlMappingNode Deploy(AddonDefinition addon, bool nodesDeclared, string? spec)
    {
        var deploy = YamlText.Map();
        deploy.Put("replicas", YamlText.Int(1));
        deploy.PutStr("endpoint_mode", "dnsrr");
        deploy.Put("placement", StackPlacement.Constraints(StackPlacement.AddonConstraints(addon, nodesDeclared)));

        var update = YamlText.Map();
        update.Put("parallelism", YamlText.Int(1));
        update.PutStr("order", "stop-first");
        update.PutStr("failure_action", "rollback");
        update.PutStr("monitor", "30s");
        deploy.Put("update_config", update);
        var rollback = YamlText.Map();
        rollback.Put("parallelism", YamlText.Int(1));
        rollback.PutStr("order", "stop-first");
        deploy.Put("rollback_config", rollback);

        var restart = YamlText.Map();
        restart.PutStr("condition", "any");
        restart.PutStr("delay", "5s");
        deploy.Put("restart_policy", restart);

        var limits = YamlText.Map();
        limits.PutStr("memory", ResourceFormat.Memory(addon.MemoryBytes));
        if (addon.Cpu is { } cpu) limits.PutStr("cpus", ResourceFormat.Cpu(cpu));
        var resources = YamlText.Map();
        resources.Put("limits", limits);
        deploy.Put("resources", resources);
        deploy.Put("labels", Labels(addon, spec));
        return deploy;
    }

    private static YamlMappingNode Labels(AddonDefinition addon, string? spec)
    {
        var labels = YamlText.Map();
        labels.PutStr(Conventions.LabelProject, addon.Project);
        labels.PutStr(Conventions.LabelKind, "addon");
        labels.PutStr(Conventions.LabelAddon, addon.Name);
        labels.PutStr("superdeploy.addon-type", addon.TypeName);
        if (spec != null) labels.PutStr(Conventions.LabelAddonSpec, spec);
        return labels;
    }
}
