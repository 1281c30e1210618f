using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using static SuperDeploy.Tests.EndToEnd.TestOutput;

namespace SuperDeploy.Tests.EndToEnd;

/// <summary>
/// Issue 5 on a real swarm over SSH: DependsOn orders the deploy, cron runs on schedule and never overlaps, Memory/Cpu
/// become Swarm limits, and a project whose processes live in a Procfile deploys (the deploy tasks read the same
/// sources as the build). The cron waits overlap the other checks: they start counting at the first deploy.
/// </summary>
[TestCaseOrderer(StepOrderer.Name, StepOrderer.Assembly)]
public sealed class ProcessInputsTests(ProcessInputsDeployment fixture, ITestOutputHelper log) : IClassFixture<ProcessInputsDeployment>
{
    private SampleDeployment World => fixture.World;

    [Fact, Step(1)]
    public async Task TheWorkerIsDeployedInALayerAfterTheWeb()
    {
        var result = await log.Timed("deploy Api with worker DependsOn web", () => World.DeployAsync(World.ApiDirectory, World.ApiApp));
        fixture.ApiDeployedAt = DateTimeOffset.UtcNow;
        fixture.ApiFirstDeploy = result;
        result.EnsureSuccess("dotnet publish -t:SuperDeploy (Api)");
        InOrder(result, "release: ran", "✓ release", "✓ stack deploy web, tick, slow (layer 1 of 2)", "✓ healthy (layer 1 of 2)",
            "✓ stack deploy worker (layer 2 of 2)", "✓ healthy (layer 2 of 2)", "✓ route");
    }

    [Fact, Step(2)]
    public async Task MemoryAndCpuAreSwarmLimitsAndReservations()
    {
        // samples/Api: worker Memory="256M" Cpu="0.5" MemoryReservation="128M" CpuReservation="0.25".
        var worker = await Inspect(World.ApiService("worker"), "{{.Spec.TaskTemplate.Resources.Limits.NanoCPUs}} {{.Spec.TaskTemplate.Resources.Limits.MemoryBytes}}");
        Assert.Equal("500000000 268435456", worker);
        var reserved = await Inspect(World.ApiService("worker"),
            "{{.Spec.TaskTemplate.Resources.Reservations.NanoCPUs}} {{.Spec.TaskTemplate.Resources.Reservations.MemoryBytes}}");
        Assert.Equal("250000000 134217728", reserved);
        var web = await Inspect(World.ApiService("web"), "{{with .Spec.TaskTemplate.Resources}}{{with .Limits}}{{.NanoCPUs}} {{.MemoryBytes}}{{end}}{{end}}");
        Assert.True(web is "" or "0 0", $"web has limits it never declared: '{web}'");

        // And the container really runs under them.
        var container = (await Shell.Docker("ps", "-q", "--filter", $"label=com.docker.swarm.service.name={World.ApiService("worker")}")).Output.Trim().Split('\n')[0];
        Assert.Equal("500000000 268435456", (await Shell.Docker("inspect", "--format", "{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}}", container))
            .EnsureSuccess("docker inspect").Output.Trim());
    }

    [Fact, Step(3)]
    public async Task AProjectWhoseProcessesAreInAProcfileDeploys()
    {
        var result = await log.Timed("deploy the Procfile-only Api", () => World.DeployAsync(fixture.ProcfileDirectory, fixture.ProcfileApp));
        result.EnsureSuccess("dotnet publish -t:SuperDeploy (Procfile)");
        InOrder(result, "release: ran", "✓ release", "✓ stack deploy", "✓ healthy", $"✓ route {ProcessInputsDeployment.ProcfileHost}");

        var services = (await Shell.Docker("service", "ls", "--filter", $"label=com.docker.stack.namespace={fixture.ProcfileApp}", "--format", "{{.Name}} {{.Replicas}}"))
            .EnsureSuccess("docker service ls").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order().ToArray();
        Assert.Equal([$"{fixture.ProcfileApp}_{fixture.ProcfileApp}-web 2/2", $"{fixture.ProcfileApp}_{fixture.ProcfileApp}-worker 1/1"], services);
        var replicas = await World.ReplicasAsync(ProcessInputsDeployment.ProcfileHost, expected: 2);
        Assert.Equal(2, replicas.Count);

        // ps, scale and logs read the Procfile too (the items alone declare no command).
        var ps = (await World.MsBuildAsync(fixture.ProcfileDirectory, fixture.ProcfileApp, "SuperDeployPs")).EnsureSuccess("SuperDeployPs (Procfile)");
        Assert.Contains(ps.Output.Split('\n'), l => l.Contains($"{fixture.ProcfileApp}:worker") && l.Contains("1/1"));
    }

    [Fact, Step(4)]
    public async Task TheEveryMinuteCronRunsWithinTwoMinutes()
    {
        var deadline = fixture.ApiDeployedAt!.Value + TimeSpan.FromMinutes(2.5);
        var logs = await LogsUntil("tick", deadline, text =>
            text.Contains("cron: tick version=v1", StringComparison.Ordinal)
            && Regex.IsMatch(text, @"superdeploy-cron: run 1 exited 0 after \d+ ms"));
        Assert.Matches(@"superdeploy-cron: run 1 started at \S+", logs);
    }

    [Fact, Step(5)]
    public async Task ASlowJobNeverOverlapsItself()
    {
        // Starts at the first minute boundary, runs 70 s: the next tick finds run 1 still going.
        var deadline = fixture.ApiDeployedAt!.Value + TimeSpan.FromSeconds(200);
        var logs = await LogsUntil("slow", deadline, text =>
            text.Contains("skipped: run 1 still running", StringComparison.Ordinal)
            && text.Contains("superdeploy-cron: run 1 exited 0", StringComparison.Ordinal));

        var tasks = CronLinesByTask(logs).ToList();
        Assert.Contains(tasks, t => t.Lines.Count(l => l.Contains(" started at ", StringComparison.Ordinal)) >= 1
            && t.Lines.Any(l => l.Contains(" exited ", StringComparison.Ordinal)));
        foreach (var (task, lines) in tasks)
        {
            var running = 0;
            foreach (var line in lines)
            {
                if (line.Contains(" started at ", StringComparison.Ordinal)) running++;
                if (line.Contains(" exited ", StringComparison.Ordinal)) running--;
                Assert.True(running is 0 or 1, $"two runs at once in {task}:\n{string.Join("\n", lines)}");
            }
        }
        Assert.Contains("cron: done version=v1", logs);
    }

    [Fact, Step(6)]
    public async Task ARedeployUpdatesTheWorkerOnlyOnceEveryNewWebTaskIsHealthy()
    {
        var version = Path.Combine(World.ApiDirectory, "AppVersion.cs");
        File.WriteAllText(version, File.ReadAllText(version).Replace("\"v1\"", "\"v2\""));
        var result = await log.Timed("redeploy Api v2", () => World.DeployAsync(World.ApiDirectory, World.ApiApp));
        result.EnsureSuccess("dotnet publish -t:SuperDeploy (Api v2)");
        InOrder(result, "release: ran version=v2", "✓ stack deploy web, tick, slow (layer 1 of 2)", "✓ healthy (layer 1 of 2)",
            "✓ stack deploy worker (layer 2 of 2)", "✓ healthy (layer 2 of 2)");

        var web = await NewTasks(World.ApiService("web"));
        var worker = Assert.Single(await NewTasks(World.ApiService("worker")));
        Assert.Equal(2, web.Count);
        foreach (var task in web)
        {
            // Swarm reports a task with a health check running only once it is healthy.
            Assert.Equal("running", task.State);
            Assert.True(task.StateSince < worker.CreatedAt,
                $"worker task {worker.Id} was created at {worker.CreatedAt:O}, before web task {task.Id} was healthy at {task.StateSince:O}");
        }
    }

    private sealed record SwarmTask(string Id, string State, DateTimeOffset CreatedAt, DateTimeOffset StateSince);

    /// <summary>The running tasks of a service on its current image.</summary>
    private static async Task<List<SwarmTask>> NewTasks(string service)
    {
        var image = await Inspect(service, "{{.Spec.TaskTemplate.ContainerSpec.Image}}");
        var ids = (await Shell.Docker("service", "ps", "--no-trunc", "--filter", "desired-state=running", "--format", "{{.ID}}", service))
            .EnsureSuccess("docker service ps").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var tasks = new List<SwarmTask>();
        foreach (var id in ids)
        {
            var fields = (await Shell.Docker("inspect", "--type", "task", "--format",
                    "{{.Spec.ContainerSpec.Image}}\t{{.Status.State}}\t{{json .CreatedAt}}\t{{json .Status.Timestamp}}", id))
                .EnsureSuccess("docker inspect task").Output.Trim().Split('\t');
            if (fields[0] != image) continue;
            tasks.Add(new SwarmTask(id, fields[1], Time(fields[2]), Time(fields[3])));
        }
        return tasks;
    }

    /// <summary>A Go time as JSON ("2026-01-31T12:00:01.123456789Z"), to the 100 ns .NET can hold.</summary>
    private static DateTimeOffset Time(string json)
    {
        var text = Regex.Replace(json.Trim('"'), @"(\.\d{7})\d+", "$1");
        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    private async Task<string> LogsUntil(string process, DateTimeOffset deadline, Func<string, bool> done)
    {
        while (true)
        {
            var logs = (await World.MsBuildAsync(World.ApiDirectory, World.ApiApp, "SuperDeployLogs", $"-p:Process={process}", "-p:Lines=all"))
                .EnsureSuccess($"SuperDeployLogs {process}").Output;
            if (done(logs)) return logs;
            Assert.True(DateTimeOffset.UtcNow < deadline, $"the {process} process's logs did not show what was expected by {deadline:O}:\n{logs}");
            await Task.Delay(TimeSpan.FromSeconds(5));
        }
    }

    /// <summary>The agent's lines of each task (`docker service logs` prefixes every line with `service.slot.task@node |`).</summary>
    private static IEnumerable<(string Task, List<string> Lines)> CronLinesByTask(string logs) =>
        logs.Split('\n')
            .Where(l => l.Contains("superdeploy-cron: run ", StringComparison.Ordinal) && l.Contains('|'))
            .GroupBy(l => l[..l.IndexOf('|')].Trim())
            .Select(g => (g.Key, g.ToList()));

    private static async Task<string> Inspect(string service, string format) =>
        (await Shell.Docker("service", "inspect", "--format", format, service)).EnsureSuccess("docker service inspect").Output.Trim();
}
