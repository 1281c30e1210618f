namespace SuperDeploy.Tests.EndToEnd;

/// <summary>
/// The world of <see cref="ProcessInputsTests"/>: a <see cref="SampleDeployment"/> of its own (own project, edge ports
/// and app names), whose Api copy has `worker DependsOn="web"` and a slow every-minute job that outlasts its schedule,
/// plus a second copy of the Api that declares its processes in a Procfile only (ports and replicas from items).
/// </summary>
public sealed class ProcessInputsDeployment : IAsyncLifetime
{
    public SampleDeployment World { get; } = new();

    public string ProcfileApp => World.AdminApp.Replace("admin-", "pf-", StringComparison.Ordinal);

    public string ProcfileDirectory => Path.Combine(World.Workspace, "ProcfileApi");

    public const string ProcfileHost = "procfile.demo.localhost";

    public DateTimeOffset? ApiDeployedAt { get; set; }

    public Shell.Result? ApiFirstDeploy { get; set; }

    public async Task InitializeAsync()
    {
        await World.InitializeAsync();

        // The Procfile-only copy first, from the untouched sample.
        Directory.CreateDirectory(ProcfileDirectory);
        foreach (var file in Directory.EnumerateFiles(World.ApiDirectory))
            File.Copy(file, Path.Combine(ProcfileDirectory, Path.GetFileName(file)));
        var procfileProject = Path.Combine(ProcfileDirectory, "Api.csproj");
        var lines = File.ReadAllLines(procfileProject).Where(l => !l.Contains("<SuperDeployProcess ", StringComparison.Ordinal)).ToList();
        lines = lines.Select(l => l.Contains("<SuperDeployDomain>", StringComparison.Ordinal)
            ? $"    <SuperDeployDomain>{ProcfileHost}</SuperDeployDomain>\n    <SuperDeployUseProcfile>true</SuperDeployUseProcfile>"
            : l).ToList();
        var items = lines.FindIndex(l => l.Contains("<ItemGroup>", StringComparison.Ordinal));
        lines.Insert(items + 1, "    <SuperDeployProcess Include=\"web\" Port=\"8000\" Replicas=\"2\" HealthPath=\"/health\" />");
        File.WriteAllLines(procfileProject, lines);
        File.WriteAllText(Path.Combine(ProcfileDirectory, "Procfile"), """
            # The sample's processes, Heroku style; the web port and replicas come from the project file.
            web: dotnet Api.dll --urls http://0.0.0.0:$PORT
            worker: dotnet Api.dll --worker
            release: dotnet Api.dll --migrate

            """.Replace("\r\n", "\n"));

        // The Api: the worker updates only once the web replicas are healthy; a job that runs 70 s every minute.
        var apiProject = Path.Combine(World.ApiDirectory, "Api.csproj");
        var api = File.ReadAllText(apiProject);
        api = api.Replace("<SuperDeployProcess Include=\"worker\" ", "<SuperDeployProcess Include=\"worker\" DependsOn=\"web\" ", StringComparison.Ordinal);
        api = api.Replace("Schedule=\"* * * * *\" />", "Schedule=\"* * * * *\" />\n    <SuperDeployProcess Include=\"slow\" Command=\"dotnet Api.dll --tick --sleep 70\" Schedule=\"* * * * *\" />", StringComparison.Ordinal);
        if (!api.Contains("DependsOn=\"web\"", StringComparison.Ordinal) || !api.Contains("Include=\"slow\"", StringComparison.Ordinal))
            throw new InvalidOperationException("samples/Api/Api.csproj no longer has the worker and tick lines this test edits:\n" + api);
        File.WriteAllText(apiProject, api);
    }

    public async Task DisposeAsync()
    {
        await Shell.Docker("stack", "rm", ProcfileApp);
        for (var i = 0; i < 60; i++)
        {
            var left = await Shell.Docker("ps", "-a", "--filter", $"label=com.docker.stack.namespace={ProcfileApp}", "-q");
            if (left.Output.Trim().Length == 0) break;
            await Task.Delay(1000);
        }
        var configs = (await Shell.Docker("config", "ls", "--format", "{{.Name}}")).Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(n => n.StartsWith($"superdeploy-release-{ProcfileApp}-", StringComparison.Ordinal) || n == $"superdeploy-lock-{ProcfileApp}");
        foreach (var config in configs) await Shell.Docker("config", "rm", config);
        await World.DisposeAsync();
    }
}
