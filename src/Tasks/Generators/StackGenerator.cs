using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SuperDeploy.Model;
using YamlDotNet.RepresentationModel;

namespace SuperDeploy.Generators;

/// <summary>The app's Swarm stack file (Compose specification), one service per long-running process.</summary>
/// <remarks>
/// `version: "3.8"` is kept although the Compose specification calls it obsolete: the Docker CLI's stack loader
/// before 25 (e.g. Debian's docker.io 20.10) rejects a file without it ("unsupported Compose file version: 1.0"),
/// while newer CLIs and the Compose JSON schema accept it. Everything emitted here exists in the 3.8 schema.
/// The release process is not a service: the deploy runs it once on the new image before `docker stack deploy`.
/// </remarks>
public static class StackGenerator
{
    public const string ComposeVersion = "3.8";

    public static string Generate(AppDefinition app, string image) => Generate(app, image, StackOptions.Default);

    public static string Generate(AppDefinition app, string image, StackOptions options)
    {
        var secrets = ServiceSecrets.For(app, options.SecretSources);
        var services = YamlText.Map();
        foreach (var process in app.Services)
            services.Add(YamlText.Str(process.ServiceName(app.App)), Service(app, process, image, options, secrets));

        var networks = YamlText.Map();
        networks.Add(YamlText.Str(app.NetworkName), External());

        var root = YamlText.Map();
        root.Put("version", ComposeVersion);
        root.Put("services", services);
        root.Put("networks", networks);
        if (secrets.Mounts.Count > 0)
        {
            // External: the deploy creates each secret (value on stdin) before the stack deploy; a stack never owns one.
            var declared = YamlText.Map();
            foreach (var source in secrets.Mounts.Select(m => m.Source).Distinct(System.StringComparer.Ordinal))
                declared.Add(ComposeText.Str(source), External());
            root.Put("secrets", declared);
        }

        return GeneratedHeader.Wrap(YamlText.Write(root), MarkerGenerator.SourceName(app.ProjectFile));
    }

    private static YamlMappingNode Service(AppDefinition app, ProcessDefinition process, string image, StackOptions options, ServiceSecrets secrets)
    {
        var service = YamlText.Map();
        service.PutStr("image", image);
        service.Put("entrypoint", ComposeText.StrSeq(secrets.Wrap(Entrypoint(process))));
        service.Put("environment", Environment(process, secrets));
        if (secrets.Mounts.Count > 0)
        {
            var mounts = new List<YamlNode>();
            foreach (var mount in secrets.Mounts)
            {
                var entry = YamlText.Map();
                entry.PutStr("source", mount.Source);
                entry.PutStr("target", mount.Target);
                mounts.Add(entry);
            }

            service.Put("secrets", YamlText.Seq(mounts));
        }

        if (process.Kind == ProcessKind.Web && process.Port is { } port)
            service.Put("healthcheck", HealthCheck(process, port, options.HealthCheck));
        // Above the app's own shutdown timeout (15 s in the samples) and the cron agent's 10 s grace for its child.
        service.PutStr("stop_grace_period", "20s");
        service.Put("networks", ComposeText.StrSeq(new[] { app.NetworkName }));
        service.Put("deploy", Deploy(app, process, options));
        return service;
    }

    /// <summary>The container's argv: the command itself, or for cron the agent that runs it on schedule.</summary>
    internal static IReadOnlyList<string> Entrypoint(ProcessDefinition process)
    {
        var argv = CommandLine.ToContainerArgv(process.Command);
        if (process.Kind != ProcessKind.Cron) return argv;
        return new[] { "dotnet", Conventions.AgentDll, "cron", process.Schedule ?? string.Empty, "--" }.Concat(argv).ToArray();
    }

    private static YamlMappingNode Environment(ProcessDefinition process, ServiceSecrets secrets)
    {
        var variables = new SortedDictionary<string, string>(System.StringComparer.Ordinal)
        {
            ["PROCESS_TYPE"] = process.Name,
        };
        foreach (var variable in secrets.Variables) variables[variable.Key] = variable.Value;
        if (process.Kind == ProcessKind.Web && process.Port is { } port)
        {
            variables["PORT"] = port.ToString(CultureInfo.InvariantCulture);
            variables["ASPNETCORE_HTTP_PORTS"] = port.ToString(CultureInfo.InvariantCulture);
        }

        var environment = YamlText.Map();
        foreach (var variable in variables) environment.PutStr(variable.Key, variable.Value);
        return environment;
    }

    private static YamlMappingNode HealthCheck(ProcessDefinition process, int port, HealthCheckOptions options)
    {
        var own = process.HealthCheck;
        var check = YamlText.Map();
        check.Put("test", ComposeText.StrSeq(new[] { "CMD", "dotnet", Conventions.AgentDll, "health", HealthUrl(process, port) }));
        check.PutStr("interval", ResourceFormat.Duration(own.Interval ?? options.Interval));
        check.PutStr("timeout", ResourceFormat.Duration(own.Timeout ?? options.Timeout));
        check.Put("retries", YamlText.Int(own.Retries ?? options.Retries));
        check.PutStr("start_period", ResourceFormat.Duration(own.StartPeriod ?? options.StartPeriod));
        return check;
    }

    private static YamlMappingNode? Resources(long? memoryBytes, double? cpus)
    {
        if (memoryBytes is null && cpus is null) return null;
        var map = YamlText.Map();
        if (memoryBytes is { } memory) map.PutStr("memory", ResourceFormat.Memory(memory));
        if (cpus is { } cpu) map.PutStr("cpus", ResourceFormat.Cpu(cpu));
        return map;
    }

    /// <summary>An HTTP probe of the health path, else a TCP connect to the port.</summary>
    internal static string HealthUrl(ProcessDefinition process, int port)
    {
        var address = "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
        if (string.IsNullOrEmpty(process.HealthPath)) return "tcp://" + address;
        return "http://" + address + (process.HealthPath![0] == '/' ? process.HealthPath : "/" + process.HealthPath);
    }

    private static YamlMappingNode Deploy(AppDefinition app, ProcessDefinition process, StackOptions options)
    {
        var cron = process.Kind == ProcessKind.Cron;
        var order = cron ? "stop-first" : "start-first";

        var deploy = YamlText.Map();
        deploy.Put("replicas", YamlText.Int(Replicas(process, options)));
        deploy.PutStr("endpoint_mode", "dnsrr");

        var update = YamlText.Map();
        update.Put("parallelism", YamlText.Int(1));
        update.PutStr("order", order);
        update.PutStr("failure_action", "rollback");
        update.PutStr("monitor", "10s");
        deploy.Put("update_config", update);

        var rollback = YamlText.Map();
        rollback.Put("parallelism", YamlText.Int(1));
        rollback.PutStr("order", order);
        deploy.Put("rollback_config", rollback);

        // Every process here is meant to run until stopped: one that exits, even with 0, is replaced. An unhealthy web
        // container is stopped by Swarm and exits 0 after a graceful shutdown; so do all containers when the engine
        // restarts. With on-failure Swarm would leave those services with no task at all.
        var restart = YamlText.Map();
        restart.PutStr("condition", "any");
        restart.PutStr("delay", "2s");
        deploy.Put("restart_policy", restart);

        var resources = YamlText.Map();
        if (Resources(process.MemoryBytes, process.Cpu) is { } limits) resources.Put("limits", limits);
        if (Resources(process.MemoryReservationBytes, process.CpuReservation) is { } reservations) resources.Put("reservations", reservations);
        if (resources.Children.Count > 0) deploy.Put("resources", resources);

        if (options.NodesDeclared) deploy.Put("placement", StackPlacement.ForRole(Placement.RoleOf(app, process)));

        var labels = YamlText.Map();
        labels.PutStr(Conventions.LabelProject, app.Project);
        labels.PutStr(Conventions.LabelApp, app.App);
        labels.PutStr(Conventions.LabelProcess, process.Name);
        labels.PutStr(Conventions.LabelKind, KindName(process.Kind));
        labels.PutStr(DeclaredReplicasLabel, process.Replicas.ToString(CultureInfo.InvariantCulture));
        deploy.Put("labels", labels);
        return deploy;
    }

    /// <summary>The service label holding the replica count the project file declares (the live count may differ after a scale).</summary>
    public const string DeclaredReplicasLabel = "superdeploy.declared-replicas";

    /// <summary>A cron service never runs two schedulers; others take a persisted scale over the declaration.</summary>
    private static int Replicas(ProcessDefinition process, StackOptions options)
    {
        if (process.Kind == ProcessKind.Cron) return 1;
        return options.Replicas != null && options.Replicas.TryGetValue(process.Name, out var live) ? live : process.Replicas;
    }

    internal static string KindName(ProcessKind kind) => kind.ToString().ToLowerInvariant();

    internal static YamlMappingNode External()
    {
        var external = YamlText.Map();
        external.Put("external", YamlText.Bool(true));
        return external;
    }
}
