namespace SuperDeploy.Tests.EndToEnd;

/// <summary>The deployment target written by build/env.sh: Swarm, registry, SSH "VM", base images.</summary>
public sealed class TestEnvironment
{
    public const string EnvFile = "/var/tmp/superdeploy-env/env";

    private readonly IReadOnlyDictionary<string, string> _values;

    private TestEnvironment(IReadOnlyDictionary<string, string> values) => _values = values;

    public string Registry => this["SUPERDEPLOY_TEST_REGISTRY"];
    public string SshTarget => this["SUPERDEPLOY_TEST_SSH_TARGET"];
    public string SshPort => this["SUPERDEPLOY_TEST_SSH_PORT"];
    public string SshIdentity => this["SUPERDEPLOY_TEST_SSH_IDENTITY"];
    public string KnownHosts => this["SUPERDEPLOY_TEST_KNOWN_HOSTS"];
    public string AspNetImage => this["SUPERDEPLOY_TEST_ASPNET_IMAGE"];
    public string CaddyImage => this["SUPERDEPLOY_TEST_CADDY_IMAGE"];
    public string PostgresImage => this["SUPERDEPLOY_TEST_POSTGRES_IMAGE"];
    public string RedisImage => this["SUPERDEPLOY_TEST_REDIS_IMAGE"];
    public string RabbitMqImage => this["SUPERDEPLOY_TEST_RABBITMQ_IMAGE"];
    public string InsecureRegistries => this["DOTNET_CONTAINER_INSECURE_REGISTRIES"];

    private string this[string name] => _values.TryGetValue(name, out var value) && value.Length > 0
        ? value
        : throw new InvalidOperationException($"{EnvFile} has no {name}; rerun 'bash build/env.sh up'.");

    /// <summary>Reads the env file; a missing file is a failure with instructions, never a skip.</summary>
    public static TestEnvironment Load()
    {
        if (!File.Exists(EnvFile))
        {
            throw new InvalidOperationException(
                $"{EnvFile} does not exist: the end-to-end tests need the local deployment target. " +
                "Run 'sudo bash build/env.sh up' from the repository root (Docker Swarm, registry 127.0.0.1:5000, sshd 127.0.0.1:2222, base images), then run the tests again.");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in File.ReadAllLines(EnvFile))
        {
            var line = raw.Trim();
            if (line.StartsWith("export ", StringComparison.Ordinal)) line = line["export ".Length..];
            var equals = line.IndexOf('=');
            if (equals <= 0 || line.StartsWith('#')) continue;
            values[line[..equals]] = line[(equals + 1)..].Trim('"', '\'');
        }
        return new TestEnvironment(values);
    }
}
