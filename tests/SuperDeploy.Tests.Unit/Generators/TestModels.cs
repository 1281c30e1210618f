using SuperDeploy.Model;

namespace SuperDeploy.Tests.Unit.Generators;

/// <summary>Validated models built by hand (independent of ModelBuilder), shared by the generator tests.</summary>
public static class TestModels
{
    public const long Mebi = 1024 * 1024;
    public const long Gibi = 1024 * Mebi;

    /// <summary>The seed's `api` example (web, worker, release) plus its cron and resource sections.</summary>
    public static AppDefinition SeedApi { get; } = new(
        Project: "cheapa",
        App: "api",
        Vm: "app",
        Domain: "api.cheapa.io",
        Processes:
        [
            Process("web", ProcessKind.Web, "gunicorn app:app --bind 0.0.0.0:$PORT --workers 4", port: 8000, replicas: 2,
                healthPath: "/health", memory: 512 * Mebi, cpu: 0.5, dependsOn: ["release"]),
            Process("worker", ProcessKind.Worker, "python craft queue:work --tries=3", replicas: 5, memory: 2 * Gibi, cpu: 1.0),
            Process("release", ProcessKind.Release, "python craft migrate --force"),
            Process("scheduler", ProcessKind.Cron, "python craft schedule:run", schedule: "0 * * * *"),
        ],
        Secrets: ["DB_URL", "RABBITMQ_URL"],
        ProjectFile: "/home/dev/cheapa/api/Api.csproj");

    /// <summary>Commands that break naive YAML or shell handling: `: `, `#`, quotes, `$PORT`, `${X:-y}`, leading `*`/`&amp;`.</summary>
    public static AppDefinition Nasty { get; } = new(
        Project: "acme",
        App: "nasty",
        Vm: "app",
        Domain: null,
        Processes:
        [
            Process("web", ProcessKind.Web, "dotnet Nasty.dll --urls \"http://+:$PORT\" --greeting 'hello: world # not a comment'",
                port: 8080, replicas: 2, healthPath: "/healthz?probe=1"),
            Process("admin", ProcessKind.Web, "dotnet Nasty.dll --admin --title \"it's \\\"quoted\\\"\" --tag #1", port: 9090),
            Process("shell", ProcessKind.Worker, "sh -c 'echo ${X:-y} and $HOME; sleep 1000'", replicas: 1, memory: 1536 * Mebi, cpu: 0.25),
            Process("star", ProcessKind.Worker, "*not-an-alias &not-an-anchor !not-a-tag @at `tick` %pct -- key: value"),
            Process("on", ProcessKind.Worker, "true"),
            Process("migrate", ProcessKind.Release, "dotnet Nasty.dll --migrate --conn \"Host=db; Password=p@ss: #1\""),
            Process("cleanup", ProcessKind.Cron, "dotnet Nasty.dll --cleanup --older-than \"7 days\" #keep", schedule: "*/15 * * * *", dependsOn: ["migrate", "on"]),
        ],
        Secrets: ["NASTY_TOKEN", "NASTY_TOKEN", "SUPERDEPLOY_SSH_KEY"],
        ProjectFile: @"C:\src\nasty\Nasty.csproj");

    /// <summary>No web process (so no Caddy site), no secrets, memory in odd units.</summary>
    public static AppDefinition Mailer { get; } = new(
        Project: "acme",
        App: "mailer",
        Vm: "jobs",
        Domain: null,
        Processes:
        [
            Process("worker", ProcessKind.Worker, "dotnet Mailer.dll", memory: 256 * Mebi),
            Process("digest", ProcessKind.Cron, "dotnet Mailer.dll --digest", schedule: "0 8 * * 1-5", memory: 3 * 1024 * 1024 + 512 * 1024),
        ],
        Secrets: [],
        ProjectFile: "Mailer.csproj");

    public static IReadOnlyDictionary<string, AppDefinition> All { get; } = new Dictionary<string, AppDefinition>
    {
        ["seed-api"] = SeedApi,
        ["nasty"] = Nasty,
        ["mailer"] = Mailer,
    };

    public static TheoryData<string> Names => new(All.Keys);

    public static string Image(AppDefinition app) => $"127.0.0.1:5000/{app.Project}/{app.App}:0123abc";

    public static SuperDeploy.Generators.WorkflowOptions Workflow(string name) => name switch
    {
        "seed-api" => new("src/Api/Api.csproj"),
        "nasty" => new("src/My App/Nasty.csproj", Branch: "release", TimeoutMinutes: 15),
        _ => new("Mailer.csproj", GlobalJsonFile: "global.json"),
    };

    public static ProcessDefinition Process(
        string name, ProcessKind kind, string command, int? port = null, int replicas = 1, string? schedule = null,
        string? healthPath = null, long? memory = null, double? cpu = null, IReadOnlyList<string>? dependsOn = null) =>
        new(name, kind, command, port, replicas, schedule, healthPath, memory, cpu, dependsOn ?? [], new SourceLocation("Test.csproj"));
}
