using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using SuperDeploy.Deploy.Commands;
using SuperDeploy.Model;
using SuperDeploy.Resources;

namespace SuperDeploy.Deploy;

/// <summary>
/// The app's services moved to the new image: the stack file rendered once for the whole app (keeping live scales), its
/// hash labelled on every service, then `docker stack deploy` and a wait until healthy for each DependsOn layer
/// (<see cref="DeployLayers"/>). Layer k's file holds only the services of layers 0..k, and only the last deploy
/// prunes: a later layer's service is left exactly as it runs (old image, old settings) until its own turn, and a new
/// one appears only then. Without DependsOn this is one stack deploy and one wait, as before.
/// </summary>
public sealed class StackRollout
{
    private readonly Target _target;
    private readonly DeployRequest _request;
    private readonly IReadOnlyDictionary<string, int> _keep;
    private readonly IReadOnlyList<IReadOnlyList<ProcessDefinition>> _layers;

    private StackRollout(Target target, DeployRequest request, IReadOnlyDictionary<string, ServiceState> before,
        IReadOnlyDictionary<string, int> keep, string hash, bool sameHash)
    {
        _target = target;
        _request = request;
        _keep = keep;
        _layers = DeployLayers.Of(request.App);
        Before = before;
        Hash = hash;
        Services = request.App.Services.Select(p => LiveScale.SwarmName(request.App, p)).ToArray();
        Removed = before.Keys.Where(name => !Services.Contains(name)).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        DeployedAlready = sameHash && Removed.Count == 0 && Services.All(before.ContainsKey);
    }

    /// <summary>The app's services as they were before this deploy, by Swarm name.</summary>
    public IReadOnlyDictionary<string, ServiceState> Before { get; }

    /// <summary>The Swarm names of the services the app declares now.</summary>
    public IReadOnlyList<string> Services { get; }

    /// <summary>Live services the project file no longer declares: the last stack deploy prunes them.</summary>
    public IReadOnlyList<string> Removed { get; }

    /// <summary>Hash of the stack file this deploy renders (labelled on every service as superdeploy.stack-hash).</summary>
    public string Hash { get; }

    /// <summary>
    /// Every declared service already runs exactly this stack file (same hash, nothing to remove). With an image that
    /// was not rebuilt, the deploy has nothing to change (the caller still checks the services are healthy).
    /// </summary>
    public bool DeployedAlready { get; }

    public int LayerCount => _layers.Count;

    /// <summary>
    /// Wraps each layer's wait for healthy services (e.g. to put every service of <see cref="Services"/> back as in
    /// <see cref="Before"/> when it fails); null: just wait.
    /// </summary>
    public Func<Func<Task>, Task>? HealthyGuard { get; set; }

    /// <summary>Reads the app's live services and renders its stack file; prints which live scales it keeps.</summary>
    public static async Task<StackRollout> PlanAsync(Target target, DeployRequest request)
    {
        var app = request.App;
        var names = (await target.RunAsync(ServiceCommands.List(app.StackName)).ConfigureAwait(false))
            .Split('\n').Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();
        IReadOnlyDictionary<string, ServiceState> before = new Dictionary<string, ServiceState>();
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (names.Length > 0)
        {
            before = ServiceState.ParseAll(await target.RunAsync(ServiceCommands.Inspect(names)).ConfigureAwait(false))
                .ToDictionary(s => s.Name, StringComparer.Ordinal);
            foreach (var line in (await target.RunAsync(RolloutCommands.StackHashes(names)).ConfigureAwait(false)).Split('\n'))
            {
                var fields = line.TrimEnd('\r').Split('\t').Select(f => f.Trim()).ToArray();
                if (fields.Length < 2 || fields[0].Length == 0) continue;
                hashes[fields[0]] = fields[1];
                // Stack names are swarm-wide: a same-named app of another project (or a stack made by hand) is not ours to replace.
                if (fields.Length > 2 && fields[2] != app.Project)
                    throw DeployErrors.Create(nameof(Strings.StackOfAnotherProject), app.StackName,
                        fields[2].Length == 0 ? "no SuperDeploy project" : $"project '{fields[2]}'", app.Project);
            }
        }

        var decisions = LiveScale.DecideAll(app, before);
        foreach (var kept in decisions.Where(d => d.KeepsLive))
            target.Output.Line($"  {kept.Process}: keeping live scale {kept.Replicas} (project file: {kept.Declared})");
        var keep = decisions.Where(d => d.KeepsLive).ToDictionary(d => d.Process, d => d.Replicas, StringComparer.Ordinal);

        // Resolving the image (or not) is part of what the stack deploy does to the services.
        var hash = EdgeManager.Hash(request.RenderStack(app, request.Image, keep) + "\n# resolve-image " + (request.ImageInRegistry ? "always" : "never"));
        var sameHash = names.Length > 0 && names.All(n => hashes.TryGetValue(n, out var h) && h == hash);
        return new StackRollout(target, request, before, keep, hash, sameHash);
    }

    /// <summary>Deploys each layer and waits for it to be healthy, printing one stack deploy and one healthy line per layer.</summary>
    public async Task DeployAsync(StepTimer steps, bool detachFlag, TimeSpan timeout)
    {
        var app = _request.App;
        var resolve = _request.ImageInRegistry ? "always" : "never";
        for (var k = 0; k < _layers.Count; k++)
        {
            var last = k == _layers.Count - 1;
            var layer = _layers[k];
            var suffix = _layers.Count == 1 ? "" : $" {string.Join(", ", layer.Select(p => p.Name))} (layer {k + 1} of {_layers.Count})";
            await steps.RunAsync("stack deploy", async () =>
            {
                var yaml = _request.RenderStack(DeployLayers.UpTo(app, _layers, k), _request.Image, _keep);
                yaml = StackYaml.LabelAllServices(yaml, new Dictionary<string, string> { [RolloutCommands.StackHashLabel] = Hash });
                await _target.RunAsync(StackCommands.Deploy(app.StackName, yaml, resolve, detachFlag, prune: last)).ConfigureAwait(false);
                return "stack deploy" + suffix + (last && Removed.Count > 0 ? $" (removed {string.Join(", ", Removed)})" : "");
            }).ConfigureAwait(false);

            var services = layer.Select(p => LiveScale.SwarmName(app, p)).ToArray();
            await steps.RunAsync("healthy", async () =>
            {
                Func<Task> wait = () => new ConvergenceWaiter(_target).WaitAsync(services, ServiceState.WithoutDigest(_request.Image), Before, timeout);
                await (HealthyGuard is null ? wait() : HealthyGuard(wait)).ConfigureAwait(false);
                return "healthy" + (_layers.Count == 1 ? "" : $" (layer {k + 1} of {_layers.Count})");
            }).ConfigureAwait(false);
        }
    }
}
