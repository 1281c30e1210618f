using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SuperDeploy.Deploy.Nodes;

namespace SuperDeploy.Tests.Nodes;

/// <summary>
/// The issue's scenario on three real engines: SuperDeployUp builds the swarm and labels the roles, a rerun changes
/// nothing; `dotnet publish -t:SuperDeploy` over SSH to vm1 deploys the Api sample (web on `app` with 2 replicas,
/// worker on `worker`, its release job on `app`), which lands only on its roles' nodes, spread, and is reached through
/// Caddy on vm1 from both app nodes; SuperDeployPs names each replica's node; losing vm2 keeps it answering and its
/// replicas come back on vm3; vm2 returns and Up duplicates nothing; a deploy placed on a role no live node has is
/// SD7101 and changes nothing; a redis addon pinned with Vm to the one `worker` node runs there, with its volume, and
/// an app replica on another node reaches it; SuperDeployBackup of a postgres addon pinned there too runs pg_dump on vm3.
/// </summary>
[Collection(NodesCollection.Name)]
[TestCaseOrderer(StepOrderer.Name, StepOrderer.Assembly)]
public sealed class MultiNodeTests(Cluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(60);

    [Fact, Step(1)]
    public async Task UpBringsTheThreeNodesIntoOneSwarmWithOneLabelPerRole()
    {
        var up = await cluster.UpAsync();
        output.WriteLine(up.Output);

        Assert.True(up.ExitCode == 0, up.Output);
        Assert.Contains("\u2713 vm1 initialised the swarm as its manager (roles manager, edge)", up.Output);
        Assert.Contains("\u2713 vm2 joined as worker (role app)", up.Output);
        Assert.Contains("\u2713 vm3 joined as worker (roles app, worker)", up.Output);

        var nodes = await cluster.NodesAsync();
        Assert.Equal(Cluster.NodeNames, nodes.Select(n => n.Hostname).Order());
        Assert.All(nodes, n => Assert.True(n.IsReady && n.Availability == "active", $"{n.Hostname} is {n.State}/{n.Availability}"));
        var byName = nodes.ToDictionary(n => n.Hostname);
        Assert.Equal(["manager", "worker", "worker"], Cluster.NodeNames.Select(n => byName[n].Role));
        Assert.Equal(["edge", "manager"], byName["vm1"].Roles);
        Assert.Equal(["app"], byName["vm2"].Roles);
        Assert.Equal(["app", "worker"], byName["vm3"].Roles);
        Assert.Equal(cluster.Env.Target("vm2"), byName["vm2"].Target);
        Assert.Equal(cluster.Env.Address("vm3"), byName["vm3"].Address);

        foreach (var node in nodes)
        {
            cluster.NodeIdsAfterFirstUp[node.Hostname] = node.Id;
            cluster.RoleLabelsAfterFirstUp[node.Hostname] = Labels(node);
        }
    }

    [Fact, Step(2)]
    public async Task RerunningUpChangesNothing()
    {
        var up = await cluster.UpAsync();
        output.WriteLine(up.Output);

        Assert.True(up.ExitCode == 0, up.Output);
        foreach (var node in Cluster.NodeNames) Assert.Contains($"= {node} already in the swarm, labels current", up.Output);
        Assert.DoesNotContain("\u2713", up.Output);
        var nodes = await cluster.NodesAsync();
        Assert.Equal(cluster.NodeIdsAfterFirstUp, nodes.ToDictionary(n => n.Hostname, n => n.Id));
        Assert.Equal(cluster.RoleLabelsAfterFirstUp, nodes.ToDictionary(n => n.Hostname, Labels));
    }

    [Fact, Step(3)]
    public async Task SuperDeployPlacesTheApiOnlyOnItsRolesNodesSpreadAcrossThem()
    {
        var deploy = await cluster.DeployApiAsync();
        output.WriteLine(deploy.Output);
        Assert.True(deploy.ExitCode == 0, deploy.Output);

        var stack = File.ReadAllText(Path.Combine(cluster.ApiDirectory, "obj", "superdeploy", "stack.yml"));
        Assert.Contains("node.labels.superdeploy.role.worker == true", stack);
        Assert.Contains("node.labels.superdeploy.role.app == true", stack);
        // The deploy checked the roles first, ran the release job on an app node, and closed with each process's nodes.
        var lines = deploy.Stdout.Split('\n').Select(l => l.Trim()).ToList();
        Assert.Contains(lines, l => l.StartsWith("\u2713 nodes: app on vm2, vm3; worker on vm3 (", StringComparison.Ordinal));
        Assert.True(lines.FindIndex(l => l.StartsWith("\u2713 nodes", StringComparison.Ordinal)) < lines.FindIndex(l => l.StartsWith("\u2713 lock", StringComparison.Ordinal)),
            "the role check runs before the lock");
        Assert.Contains(lines, l => l.StartsWith("\u2713 release", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("\u2713 route " + Cluster.Domain, StringComparison.Ordinal));
        Assert.Matches("(?m)^\\s*Process +Replicas +Status +Nodes +Image tag +Age\\s*$", deploy.Stdout);
        Assert.Matches("(?m)^\\s*api:web +2/2 +running +vm2, vm3 +" + cluster.ImageTag, deploy.Stdout);
        Assert.Matches("(?m)^\\s*api:worker +1/1 +running +vm3 +" + cluster.ImageTag, deploy.Stdout);

        var services = new[] { cluster.Service("web"), cluster.Service("worker"), cluster.Service("tick") };
        var expected = new Dictionary<string, int> { [services[0]] = 2, [services[1]] = 1, [services[2]] = 1, [cluster.EdgeService] = 1 };
        var replicas = await cluster.ReplicasAsync([.. expected.Keys]);
        output.WriteLine(ReplicaNodes.Format(replicas));
        foreach (var (service, count) in expected)
            Assert.True(replicas.Count(r => r.Service == service && r.IsRunning) == count, $"{service} is not running {count}:\n{ReplicaNodes.Format(replicas)}");

        var nodes = ReplicaNodes.NodesByService(replicas);
        Assert.Equal("vm2, vm3", nodes[services[0]]);
        Assert.Equal("vm3", nodes[services[1]]);
        Assert.Contains(nodes[services[2]], new[] { "vm2", "vm3" });
        Assert.Equal("vm1", nodes[cluster.EdgeService]);

        // The release job ran on an app node and is gone; the edge stack carries the edge-role constraint.
        var jobs = (await cluster.Manager("service", "ls", "--filter", $"label=superdeploy.kind=release", "--format", "{{.Name}}")).EnsureSuccess("service ls").Stdout;
        Assert.Equal("", jobs.Trim());
        var edgeConstraints = (await cluster.Manager("service", "inspect", "--format", "{{json .Spec.TaskTemplate.Placement.Constraints}}", cluster.EdgeService))
            .EnsureSuccess("inspect edge").Stdout.Trim();
        Assert.Equal("[\"node.labels.superdeploy.role.edge == true\"]", edgeConstraints);
        cluster.Deployed = true;
    }

    [Fact, Step(4)]
    public async Task SuperDeployPsShowsTheNodeOfEachReplica()
    {
        Assert.True(cluster.Deployed, "the deploy step failed");
        var table = await cluster.MsBuildApiAsync("SuperDeployPs");
        output.WriteLine(table.Output);
        Assert.True(table.ExitCode == 0, table.Output);
        Assert.Matches("(?m)^\\s*Process +Replicas +Status +Nodes +Image tag +Age\\s*$", table.Stdout);
        Assert.Matches("(?m)^\\s*api:web +2/2 +running +vm2, vm3 +" + cluster.ImageTag, table.Stdout);
        Assert.Matches("(?m)^\\s*api:worker +1/1 +running +vm3 +" + cluster.ImageTag, table.Stdout);
        Assert.Matches("(?m)^\\s*api:tick +1/1 +running +vm[23] +" + cluster.ImageTag, table.Stdout);

        var json = await cluster.MsBuildApiAsync("SuperDeployPs", "-p:SuperDeployPsFormat=json");
        Assert.True(json.ExitCode == 0, json.Output);
        var start = json.Stdout.IndexOf('[');
        var end = json.Stdout.LastIndexOf(']');
        Assert.True(start >= 0 && end > start, json.Output);
        var rows = JsonDocument.Parse(string.Join("\n", json.Stdout[start..(end + 1)].Split('\n').Select(l => l.Trim()))).RootElement
            .EnumerateArray().ToDictionary(r => r.GetProperty("process").GetString()!, r => r.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()!).ToArray());
        Assert.Equal(["vm2", "vm3"], rows["api:web"]);
        Assert.Equal(["vm3"], rows["api:worker"]);
    }

    [Fact, Step(5)]
    public async Task RequestsThroughTheEdgeReachReplicasOnBothAppNodes()
    {
        Assert.True(cluster.Deployed, "the deploy step failed");
        var containers = await cluster.ContainerNodesAsync(cluster.Service("web"));
        Assert.Equal(["vm2", "vm3"], containers.Values.Order());

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < 200 && seen.Count < 2; i++)
        {
            var replica = await GetReplicaEventuallyAsync();
            var node = containers.GetValueOrDefault(replica, "unknown replica " + replica);
            seen[node] = seen.GetValueOrDefault(node) + 1;
        }
        output.WriteLine("answered by: " + string.Join(", ", seen.Select(s => $"{s.Key} x{s.Value}")));

        Assert.Equal(["vm2", "vm3"], seen.Keys.Order());
    }

    [Fact, Step(6)]
    public async Task LosingAnAppNodeKeepsTheAppAnsweringAndItsReplicasComeBackOnTheOther()
    {
        Assert.True(cluster.Deployed, "the deploy step failed");
        var web = cluster.Service("web");
        var pid = int.Parse(File.ReadAllText(cluster.Env.DockerdPidFile("vm2")).Trim(), CultureInfo.InvariantCulture);

        using var stopLoad = new CancellationTokenSource();
        var load = Task.Run(() => LoadAsync(stopLoad.Token));
        await Task.Delay(2000);

        var clock = Stopwatch.StartNew();
        (await Shell.RunAsync("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)])).EnsureSuccess("kill vm2's dockerd");
        TimeSpan? recovered = null;
        IReadOnlyList<ReplicaNodes.Replica> replicas = [];
        while (clock.Elapsed < RecoveryLimit)
        {
            replicas = await cluster.ReplicasAsync(web);
            if (replicas.Count(r => r.IsRunning && r.Node == "vm3") >= 2)
            {
                recovered = clock.Elapsed;
                break;
            }
            await Task.Delay(500);
        }
        var engineGone = await WaitAsync(() => !Process.GetProcesses().Any(p => p.Id == pid), TimeSpan.FromSeconds(60));
        await Task.Delay(5000);
        stopLoad.Cancel();
        var (ok, failed, failures) = await load;

        output.WriteLine($"vm2's dockerd (pid {pid}) stopped {(engineGone ? "" : "NOT ")}within 60 s");
        output.WriteLine($"web replicas running on vm3 again after {(recovered is { } r ? $"{r.TotalSeconds:F1} s" : "more than 60 s")}");
        output.WriteLine($"requests through the edge during the loss: {ok + failed} sent, {failed} failed");
        foreach (var failure in failures.Take(10)) output.WriteLine("  " + failure);
        output.WriteLine(ReplicaNodes.Format(replicas));
        File.WriteAllText(Path.Combine(Cluster.NodesState, "node-loss-result.txt"),
            $"recovered_seconds={recovered?.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) ?? "none"}\nrequests={ok + failed}\nfailed={failed}\n");

        Assert.True(recovered is not null, $"the 2 web replicas were not running on vm3 within {RecoveryLimit.TotalSeconds} s:\n{ReplicaNodes.Format(replicas)}");
        Assert.True(ok > 0, "no request got through during the loss");
        Assert.True(failed == 0, $"{failed} of {ok + failed} requests failed during the loss:\n{string.Join("\n", failures.Take(10))}");
    }

    [Fact, Step(7)]
    public async Task TheNodeComesBackAndUpDuplicatesNothing()
    {
        (await Shell.RunAsync("bash", [Path.Combine(cluster.Repo, "build", "env-nodes.sh"), "up"], cluster.Repo, timeout: TimeSpan.FromMinutes(3)))
            .EnsureSuccess("build/env-nodes.sh up (vm2's engine back)");
        var back = await WaitAsync(async () => (await cluster.NodesAsync()).Any(n => n.Hostname == "vm2" && n.IsReady), TimeSpan.FromSeconds(60));
        Assert.True(back, "vm2 was not ready again within 60 s");

        var up = await cluster.UpAsync();
        output.WriteLine(up.Output);

        Assert.True(up.ExitCode == 0, up.Output);
        foreach (var node in Cluster.NodeNames) Assert.Contains($"= {node} already in the swarm, labels current", up.Output);
        var nodes = await cluster.NodesAsync();
        Assert.Equal(3, nodes.Count);
        Assert.Equal(cluster.NodeIdsAfterFirstUp, nodes.ToDictionary(n => n.Hostname, n => n.Id));
        Assert.Equal(cluster.RoleLabelsAfterFirstUp, nodes.ToDictionary(n => n.Hostname, Labels));
        var replicas = await cluster.ReplicasAsync(cluster.Service("web"));
        Assert.Equal(2, replicas.Count(r => r.IsRunning));
    }

    [Fact, Step(8)]
    public async Task ADeployOnARoleNoLiveNodeHasIsSD7101AndChangesNothing()
    {
        Assert.True(cluster.Deployed, "the deploy step failed");
        var services = new[] { cluster.Service("web"), cluster.Service("worker"), cluster.Service("tick"), cluster.EdgeService };
        var before = await SpecsAsync(services);

        // The `batch` node is declared (so the build's SD7009 passes) but SuperDeployUp never brought it in.
        var deploy = await cluster.DeployApiAsync(cluster.ImageTag + "-batch", "-p:WithBatchNode=true", "-p:SuperDeployVm=batch");
        output.WriteLine(deploy.Output);

        Assert.NotEqual(0, deploy.ExitCode);
        Assert.Contains("error SD7101", deploy.Output);
        Assert.Contains("'batch'", deploy.Output);
        Assert.DoesNotContain("\u2713 lock", deploy.Output);
        Assert.Equal(before, await SpecsAsync(services));
        var locks = (await cluster.Manager("config", "ls", "--filter", "name=superdeploy-lock-", "--format", "{{.Name}}")).EnsureSuccess("config ls").Stdout;
        Assert.Equal("", locks.Trim());
    }

    [Fact, Step(9)]
    public async Task AnAddonPinnedWithVmRunsOnItsRolesOneNodeWithItsVolumeAndAnAppOnAnotherNodeReachesIt()
    {
        // Needs only step 1's swarm: this deploy brings the app up itself, attaching the redis addon pinned to `worker` (vm3).
        var deploy = await cluster.DeployApiAsync(cluster.ImageTag + "-cache", "-p:WithCacheAddon=true");
        output.WriteLine(deploy.Output);
        Assert.True(deploy.ExitCode == 0, deploy.Output);
        Assert.Contains("\u2713 addons: cache.main created", deploy.Output);
        var generated = File.ReadAllText(Path.Combine(cluster.ApiDirectory, "obj", "superdeploy", "addons", $"{cluster.Project}-addon-cache-main.yml"));
        Assert.Contains("node.labels.superdeploy.role.worker == true", generated);

        var replicas = await cluster.ReplicasAsync(cluster.CacheService);
        output.WriteLine(ReplicaNodes.Format(replicas));
        Assert.Equal("vm3", Assert.Single(replicas, r => r.IsRunning).Node);
        var constraints = (await cluster.Manager("service", "inspect", "--format", "{{json .Spec.TaskTemplate.Placement.Constraints}}", cluster.CacheService))
            .EnsureSuccess("inspect addon").Stdout.Trim();
        Assert.Equal("[\"node.labels.superdeploy.role.worker == true\"]", constraints);

        // The volume exists on vm3 only, and the container there is healthy (redis-cli ping with the password).
        Assert.Equal(0, (await cluster.DockerOn("vm3", ["volume", "inspect", cluster.CacheVolume])).ExitCode);
        foreach (var other in new[] { "vm1", "vm2" })
            Assert.NotEqual(0, (await cluster.DockerOn(other, ["volume", "inspect", cluster.CacheVolume])).ExitCode);
        var healthy = (await cluster.DockerOn("vm3", ["ps", "-q", "--filter", $"label=com.docker.swarm.service.name={cluster.CacheService}", "--filter", "health=healthy"]))
            .EnsureSuccess("docker ps on vm3").Stdout.Trim();
        Assert.NotEqual("", healthy);

        // A web replica on vm2 (else any) speaks to it over the project network with the credentials the app was given.
        var containers = await cluster.ContainerNodesAsync(cluster.Service("web"));
        var (container, node) = containers.OrderBy(c => c.Value == "vm3").Select(c => (c.Key, c.Value)).First();
        var ping = await cluster.DockerOn(node,
        [
            "exec", container, "dotnet", "/app/superdeploy/SuperDeploy.Agent.dll", "exec", "--", "bash", "-c",
            "exec 3<>/dev/tcp/$CACHE_HOST/$CACHE_PORT && printf 'AUTH default %s\\r\\nPING\\r\\n' \"$CACHE_PASSWORD\" >&3 "
            + "&& read -t 10 auth <&3 && read -t 10 pong <&3 && echo \"$auth $pong\"",
        ]);
        output.WriteLine($"from {node}: {ping.Output}");
        Assert.True(ping.ExitCode == 0, ping.Output);
        // Redis ends replies with CRLF; the output capture splits lines on either.
        Assert.Equal(["+OK", "+PONG"], ping.Stdout.Split(['\r', '\n', ' '], StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact, Step(10)]
    public async Task BackupOfAPostgresAddonOnAWorkerNodeRunsOnThatNodesEngine()
    {
        // Step 9's deploy also brought up databases.primary pinned to `worker`: its container is on vm3, not on vm1,
        // the manager SuperDeployHost names; pg_dump runs through vm3's engine over SSH.
        var replicas = await cluster.ReplicasAsync(cluster.DbService);
        output.WriteLine(ReplicaNodes.Format(replicas));
        Assert.Equal("vm3", Assert.Single(replicas, r => r.IsRunning).Node);

        var file = Path.Combine(cluster.Workspace, "backups", "primary.dump");
        var backup = await cluster.MsBuildApiAsync("SuperDeployBackup", "-p:WithCacheAddon=true", $"-p:Addon={Cluster.DbAddon}", $"-p:BackupFile={file}");
        output.WriteLine(backup.Output);
        Assert.True(backup.ExitCode == 0, backup.Output);
        Assert.Contains($"\u2713 backup {Cluster.DbAddon} -> {file}", backup.Output);
        var bytes = File.ReadAllBytes(file);
        Assert.True(bytes.Length > 5, $"{file} has {bytes.Length} bytes");
        // pg_dump's custom format starts with its magic.
        Assert.Equal("PGDMP", System.Text.Encoding.ASCII.GetString(bytes, 0, 5));
    }

    /// <summary>Each service's spec version and image: any deploy, release or scale would change them.</summary>
    private async Task<string> SpecsAsync(string[] services) =>
        (await cluster.Manager(["service", "inspect", "--format", "{{.Spec.Name}} {{.Version.Index}} {{.Spec.TaskTemplate.ContainerSpec.Image}}", .. services]))
            .EnsureSuccess("service inspect").Stdout;

    private static string Labels(SwarmNode node) => string.Join(",", node.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));

    /// <summary>Sequential GETs through the edge until stopped; each one either answers 200 or counts as failed.</summary>
    private async Task<(int Ok, int Failed, List<string> Failures)> LoadAsync(CancellationToken stop)
    {
        int ok = 0, failed = 0;
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        // Bounded: at most 10 minutes or 20,000 requests, whichever comes first.
        while (!stop.IsCancellationRequested && clock.Elapsed < TimeSpan.FromMinutes(10) && ok + failed < 20_000)
        {
            try
            {
                await cluster.GetReplicaAsync(CancellationToken.None);
                ok++;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                failed++;
                failures.Add($"{clock.Elapsed.TotalSeconds:F1} s: {e.GetType().Name}: {e.Message}");
            }
        }
        return (ok, failed, failures);
    }

    /// <summary>The first answer after a site reload can take a moment: retry a few times before failing.</summary>
    private async Task<string> GetReplicaEventuallyAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try { return await cluster.GetReplicaAsync(); }
            catch (HttpRequestException) when (attempt < 20) { await Task.Delay(500); }
        }
    }

    private static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan limit) => await WaitAsync(() => Task.FromResult(condition()), limit);

    private static async Task<bool> WaitAsync(Func<Task<bool>> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (await condition()) return true;
            await Task.Delay(500);
        }
        return await condition();
    }
}
