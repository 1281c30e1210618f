using System.Text.Json;

namespace SuperDeploy.Tests.EndToEnd;

/// <summary>
/// A copy of samples/Api deployed as its own app on the run's project and edge (name, domain and registry repository
/// unique to the run), for tests that break deploys without disturbing the shared Api and Admin. Its cleanup (stack,
/// records, lock, local images) is registered with the world, which runs it at the end.
/// </summary>
public sealed class AppCopy
{
    private AppCopy(SampleDeployment world, string app, string directory)
    {
        World = world;
        App = app;
        Directory = directory;
    }

    public SampleDeployment World { get; }
    public string App { get; }
    public string Directory { get; }
    public string Host => $"{App}.e2e.localhost";
    public string Repository => $"{World.Env.Registry}/{World.Project}/{App}";
    public string ProjectFile => Path.Combine(Directory, "Api.csproj");

    public string Service(string process) => $"{App}_{App}-{process}";

    /// <param name="folder">The copy's folder under the world's workspace (two copies may share one app name).</param>
    /// <param name="editProject">Changes to Api.csproj, e.g. fewer processes.</param>
    public static AppCopy Create(SampleDeployment world, string app, string folder, Func<string, string>? editProject = null)
    {
        var directory = Path.Combine(world.Workspace, folder);
        Samples.Copy(Path.Combine(Samples.RepoRoot(), "samples", "Api"), directory);
        var copy = new AppCopy(world, app, directory);
        var project = File.ReadAllText(copy.ProjectFile)
            .Replace("<SuperDeployDomain>api.demo.localhost</SuperDeployDomain>", $"<SuperDeployDomain>{copy.Host}</SuperDeployDomain>");
        File.WriteAllText(copy.ProjectFile, editProject?.Invoke(project) ?? project);
        lock (world.Cleanups)
        {
            if (Registered.Add((world, app))) world.Cleanups.Add(copy.CleanupAsync);
        }
        return copy;
    }

    private static readonly HashSet<(SampleDeployment, string)> Registered = [];

    /// <summary>The app's stack (waiting for its containers, which hold the project network), records, lock and local images.</summary>
    private async Task CleanupAsync()
    {
        await Shell.Docker("stack", "rm", App);
        for (var i = 0; i < 60; i++)
        {
            var left = await Shell.Docker("ps", "-a", "-q", "--filter", $"label=com.docker.stack.namespace={App}");
            if (left.Output.Trim().Length == 0) break;
            await Task.Delay(1000);
        }
        foreach (var filter in new[] { $"name=superdeploy-release-{App}-", $"name=superdeploy-lock-{App}" })
        {
            var names = (await Shell.Docker("config", "ls", "--filter", filter, "--format", "{{.Name}}")).Output
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var name in names) await Shell.Docker("config", "rm", name);
        }
        var images = (await Shell.Docker("image", "ls", "-q", "--no-trunc", Repository)).Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToArray();
        if (images.Length > 0) await Shell.Docker(["image", "rm", "-f", .. images]);
    }

    /// <summary>The one line of AppVersion.cs the benchmark edits.</summary>
    public void SetVersion(string version) =>
        File.WriteAllText(Path.Combine(Directory, "AppVersion.cs"), $"static class AppVersion {{ public const string Value = \"{version}\"; }}\n");

    /// <summary>`dotnet publish -t:SuperDeploy` with an explicit image tag (so tests know what ps must show).</summary>
    public Task<Shell.Result> DeployAsync(string tag, params string[] properties) =>
        World.DeployAsync(Directory, App, new Dictionary<string, string?>(), [$"-p:SuperDeployImageTag={tag}", .. properties]);

    /// <summary>A deploy of an image already in the registry: nothing is built or pushed, straight to the lock.</summary>
    public IReadOnlyList<string> PrebuiltDeployArguments(string tag, params string[] properties) =>
        World.DeployArguments(App, [$"-p:SuperDeployImageTag={tag}", "-p:SuperDeployDependsOn=_SuperDeployResolveImage", .. properties]);

    /// <summary>`dotnet msbuild -t:&lt;target&gt;` with the same registry, Caddy image and edge ports as the deploys (so the edge is unchanged).</summary>
    public Task<Shell.Result> MsBuildAsync(string target, params string[] properties) =>
        World.MsBuildAsync(Directory, App, target,
        [
            $"-p:SuperDeployRegistry={World.Env.Registry}",
            $"-p:SuperDeployCaddyImage={World.Env.CaddyImage}",
            $"-p:SuperDeployEdgeHttpPort={World.EdgeHttpPort}",
            $"-p:SuperDeployEdgeHttpsPort={World.EdgeHttpsPort}",
            .. properties,
        ]);

    public LoadClient Load(int workers = 2) => new(new Uri($"http://127.0.0.1:{World.EdgeHttpPort}/"), Host, workers);

    /// <summary>The app's answer through the edge.</summary>
    public Task<JsonElement> GetAsync() => World.GetJsonAsync(Host);

    /// <summary>Image tag per process from `-t:SuperDeployPs -p:SuperDeployPsFormat=json`: live state from the engine.</summary>
    public async Task<Dictionary<string, string>> PsTagsAsync()
    {
        var ps = (await MsBuildAsync("SuperDeployPs", "-p:SuperDeployPsFormat=json")).EnsureSuccess("SuperDeployPs");
        var lines = ps.Output.Split('\n').Select(l => l.Trim()).ToArray();
        var start = Array.IndexOf(lines, "[");
        var end = Array.IndexOf(lines, "]", Math.Max(start, 0));
        if (start < 0 || end < start) throw new InvalidOperationException("no JSON array in:\n" + ps.Output);
        return JsonDocument.Parse(string.Join("\n", lines[start..(end + 1)])).RootElement.EnumerateArray()
            .ToDictionary(r => r.GetProperty("process").GetString()!, r => r.GetProperty("imageTag").GetString()!);
    }

    /// <summary>Every service of the app with its version index and full spec: equal snapshots mean nobody changed anything.</summary>
    public async Task<Dictionary<string, string>> ServiceSpecsAsync()
    {
        var names = (await Shell.Docker("service", "ls", "--filter", $"label=com.docker.stack.namespace={App}", "--format", "{{.Name}}"))
            .EnsureSuccess("docker service ls").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var specs = new Dictionary<string, string>();
        foreach (var name in names)
        {
            specs[name] = (await Shell.Docker("service", "inspect", "--format", "{{.Version.Index}} {{json .Spec}}", name))
                .EnsureSuccess("docker service inspect").Output.Trim();
        }
        return specs;
    }

    /// <summary>The app's release records on the engine (name, tag, digest), oldest first.</summary>
    public async Task<List<(string Name, string Tag, string Digest)>> ReleasesAsync() =>
        (await Shell.Docker("config", "ls", "--filter", $"name=superdeploy-release-{App}-", "--format",
            "{{.Name}}\t{{.Label \"superdeploy.tag\"}}\t{{.Label \"superdeploy.digest\"}}"))
            .EnsureSuccess("docker config ls").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('\t')).Select(f => (f[0].Trim(), f.Length > 1 ? f[1].Trim() : "", f.Length > 2 ? f[2].Trim() : ""))
            .OrderBy(r => r.Item1, StringComparer.Ordinal).ToList();

    /// <summary>Digests of the app's images in the engine's local store (Swarm pulls by digest; what pruning removes).</summary>
    public async Task<string[]> LocalImageDigestsAsync() =>
        (await Shell.Docker("image", "ls", "--digests", "--format", "{{.Digest}}", Repository)).EnsureSuccess("docker image ls")
            .Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().Order(StringComparer.Ordinal).ToArray();
}
