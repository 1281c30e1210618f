using SuperDeploy.Model;
using static SuperDeploy.Tests.Unit.Generators.TestModels;

namespace SuperDeploy.Tests.Unit.Addons;

/// <summary>Validated addons and an app attaching them, built by hand (independent of ModelBuilder).</summary>
public static class AddonTestModels
{
    private static readonly SourceLocation Props = new("/home/dev/cheapa/Directory.Build.props");

    public static AddonDefinition Postgres { get; } = new("cheapa", "databases.primary", AddonType.Postgres, "16", "postgres:16", 1024 * Mebi, null, null, Props);

    public static AddonDefinition Redis { get; } = new("cheapa", "cache.main", AddonType.Redis, "7", "redis:7", 256 * Mebi, 0.5, null, Props);

    /// <summary>The offline test image, published on the host (for a laptop tunnel).</summary>
    public static AddonDefinition Rabbitmq { get; } = new("cheapa", "queues.main", AddonType.Rabbitmq, "3", "127.0.0.1:5000/superdeploy/rabbitmq:3", 1024 * Mebi, 1.0, 5672, Props);

    /// <summary>Postgres 18 keeps its data under /var/lib/postgresql; published on another host port.</summary>
    public static AddonDefinition Postgres18 { get; } = new("cheapa", "databases.next-gen", AddonType.Postgres, "18.1", "registry.example.com/db/postgres:18.1-trixie", 2 * Gibi, 2.0, 15432, Props);

    public static IReadOnlyDictionary<string, AddonDefinition> All { get; } = new Dictionary<string, AddonDefinition>
    {
        ["postgres"] = Postgres,
        ["redis"] = Redis,
        ["rabbitmq"] = Rabbitmq,
        ["postgres18"] = Postgres18,
    };

    public static TheoryData<string> Names => new(All.Keys);

    /// <summary>An app with secrets, attaching three of the project's four addons (the seed's DB and RABBITMQ, plus a cache).</summary>
    public static AppDefinition Shop { get; } = new(
        Project: "cheapa",
        App: "shop",
        Vm: "app",
        Domain: "shop.cheapa.io",
        Processes:
        [
            Process("web", ProcessKind.Web, "dotnet Shop.dll", port: 8080, replicas: 2, healthPath: "/health"),
            Process("worker", ProcessKind.Worker, "dotnet Shop.dll --worker --queue \"$QUEUE_NAME\""),
            Process("release", ProcessKind.Release, "dotnet Shop.dll --migrate"),
            Process("digest", ProcessKind.Cron, "dotnet Shop.dll --digest", schedule: "0 8 * * *"),
        ],
        Secrets: ["STRIPE_KEY", "SENTRY_DSN"],
        ProjectFile: "/home/dev/cheapa/shop/Shop.csproj")
    {
        AddonDefinitions = [Postgres, Redis, Rabbitmq, Postgres18],
        Addons =
        [
            new AddonAttachment("databases.primary", "DB", new SourceLocation("/home/dev/cheapa/shop/Shop.csproj")),
            new AddonAttachment("cache.main", "CACHE", new SourceLocation("/home/dev/cheapa/shop/Shop.csproj")),
            new AddonAttachment("queues.main", "RABBITMQ", new SourceLocation("/home/dev/cheapa/config.yml", 9, 9)),
        ],
    };

    /// <summary>What the deploy passes for Shop's secrets (versioned by made-up values).</summary>
    public static IReadOnlyDictionary<string, string> ShopSecretSources { get; } = new Dictionary<string, string>
    {
        ["STRIPE_KEY"] = SecretNames.Versioned("shop", "STRIPE_KEY", "sk_test_123"),
        ["SENTRY_DSN"] = SecretNames.Versioned("shop", "SENTRY_DSN", "https://key@sentry.example.com/1"),
    };
}
