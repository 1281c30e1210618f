using SuperDeploy.Model;

namespace SuperDeploy.Tests.Unit.Deploy;

internal static class TestApps
{
    public static ProcessDefinition Process(string name, ProcessKind kind, string command, int replicas = 1, int? port = null, string? schedule = null) =>
        new(name, kind, command, port, replicas, schedule, kind == ProcessKind.Web ? "/health" : null, null, null, [], new SourceLocation("Api.csproj"));

    /// <summary>The sample Api: web (2), worker (1), release, tick (cron).</summary>
    public static AppDefinition Api(int webReplicas = 2, bool withRelease = true)
    {
        var processes = new List<ProcessDefinition>
        {
            Process("web", ProcessKind.Web, "dotnet Api.dll --urls http://0.0.0.0:$PORT", webReplicas, 8000),
            Process("worker", ProcessKind.Worker, "dotnet Api.dll --worker"),
        };
        if (withRelease) processes.Add(Process("release", ProcessKind.Release, "dotnet Api.dll --migrate"));
        processes.Add(Process("tick", ProcessKind.Cron, "dotnet Api.dll --tick", schedule: "* * * * *"));
        return new AppDefinition("demo", "api", "app", "api.demo.localhost", processes, [], "Api.csproj");
    }

    /// <summary>The real stack generator, as the deploy task wires it.</summary>
    public static string Stack(AppDefinition app, string image, IReadOnlyDictionary<string, int> replicas) =>
        SuperDeploy.Generators.StackGenerator.Generate(app, image, new SuperDeploy.Generators.StackOptions { Replicas = replicas });
}
