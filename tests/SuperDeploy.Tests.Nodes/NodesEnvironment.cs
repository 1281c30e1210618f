namespace SuperDeploy.Tests.Nodes;

/// <summary>The env files of build/env.sh (registry, base images) and build/env-nodes.sh (the three nodes).</summary>
public sealed class NodesEnvironment
{
    public const string MainEnvFile = "/var/tmp/superdeploy-env/env";

    private readonly IReadOnlyDictionary<string, string> _values;

    private NodesEnvironment(IReadOnlyDictionary<string, string> values) => _values = values;

    public string PushRegistry => this["SUPERDEPLOY_NODES_PUSH_REGISTRY"];
    public string NodeRegistry => this["SUPERDEPLOY_NODES_REGISTRY"];
    public string Identity => this["SUPERDEPLOY_NODES_SSH_IDENTITY"];
    public string KnownHosts => this["SUPERDEPLOY_NODES_KNOWN_HOSTS"];
    public string AspNetImage => this["SUPERDEPLOY_TEST_ASPNET_IMAGE"];
    /// <summary>The base image as the nodes' registry names it (10.88.0.1:5000/...), reachable from the host too.</summary>
    public string NodesAspNetImage => this["SUPERDEPLOY_NODES_ASPNET_IMAGE"];
    public string CaddyImage => this["SUPERDEPLOY_NODES_CADDY_IMAGE"];
    /// <summary>build/env.sh's offline redis, as the nodes' registry names it (same storage as the host's registry).</summary>
    public string NodesRedisImage => AsNodesImage(this["SUPERDEPLOY_TEST_REDIS_IMAGE"]);
    /// <summary>build/env.sh's offline postgres, as the nodes' registry names it.</summary>
    public string NodesPostgresImage => AsNodesImage(this["SUPERDEPLOY_TEST_POSTGRES_IMAGE"]);
    public string InsecureRegistries => this["DOTNET_CONTAINER_INSECURE_REGISTRIES"];

    public string Address(string node) => this[$"SUPERDEPLOY_NODES_{node.ToUpperInvariant()}_ADDRESS"];
    public string Target(string node) => this[$"SUPERDEPLOY_NODES_{node.ToUpperInvariant()}_SSH_TARGET"];
    public string DockerdPidFile(string node) => this[$"SUPERDEPLOY_NODES_{node.ToUpperInvariant()}_DOCKERD_PID_FILE"];

    private string AsNodesImage(string image) => image.StartsWith(PushRegistry + "/", StringComparison.Ordinal)
        ? NodeRegistry + image[PushRegistry.Length..]
        : throw new InvalidOperationException($"{image} is not in {PushRegistry}, the registry the nodes reach as {NodeRegistry}.");

    private string this[string name] => _values.TryGetValue(name, out var value) && value.Length > 0
        ? value
        : throw new InvalidOperationException($"No {name} in the env files; rerun 'bash build/env.sh up && bash build/env-nodes.sh up'.");

    public static NodesEnvironment Load(string nodesEnvFile)
    {
        if (!File.Exists(MainEnvFile))
            throw new InvalidOperationException($"{MainEnvFile} does not exist: run 'sudo bash build/env.sh up' first (registry, base images).");
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in new[] { MainEnvFile, nodesEnvFile })
        {
            foreach (var raw in File.ReadAllLines(file))
            {
                var line = raw.Trim();
                if (line.StartsWith("export ", StringComparison.Ordinal)) line = line["export ".Length..];
                var equals = line.IndexOf('=');
                if (equals <= 0 || line.StartsWith('#')) continue;
                values[line[..equals]] = line[(equals + 1)..].Trim('"', '\'');
            }
        }
        return new NodesEnvironment(values);
    }
}
