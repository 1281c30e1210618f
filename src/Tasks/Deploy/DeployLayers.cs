using System;
using System.Collections.Generic;
using System.Linq;
using SuperDeploy.Model;

namespace SuperDeploy.Deploy;

/// <summary>
/// The order DependsOn gives a deploy. The release always runs first (before any layer), so a dependency on it is
/// already met. The app's services fall into layers: layer 0 depends on no other service; layer k on something in
/// layer k-1 (and maybe earlier ones). A layer starts updating only once every layer before it is healthy.
/// Validation has already rejected unknown names and cycles. Without DependsOn there is one layer: one stack deploy.
/// </summary>
public static class DeployLayers
{
    /// <summary>The app's services by layer, each layer in declaration order.</summary>
    public static IReadOnlyList<IReadOnlyList<ProcessDefinition>> Of(AppDefinition app)
    {
        var services = app.Services.ToArray();
        var byName = services.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var layer = new Dictionary<string, int>(StringComparer.Ordinal);

        int LayerOf(ProcessDefinition process, int depth)
        {
            if (layer.TryGetValue(process.Name, out var known)) return known;
            // A cycle cannot pass validation; the bound only keeps a bad model from recursing forever.
            if (depth > services.Length) throw new InvalidOperationException($"DependsOn of '{process.Name}' forms a cycle.");
            var dependencies = process.DependsOn.Where(byName.ContainsKey).Select(d => LayerOf(byName[d], depth + 1)).ToArray();
            var value = dependencies.Length == 0 ? 0 : dependencies.Max() + 1;
            layer[process.Name] = value;
            return value;
        }

        foreach (var process in services) LayerOf(process, 0);
        if (services.Length == 0) return Array.Empty<IReadOnlyList<ProcessDefinition>>();
        return Enumerable.Range(0, layer.Values.Max() + 1)
            .Select(k => (IReadOnlyList<ProcessDefinition>)services.Where(p => layer[p.Name] == k).ToArray())
            .ToArray();
    }

    /// <summary>The app as deployed up to a layer: its services in layers 0..k (and the release, which is never a service).</summary>
    public static AppDefinition UpTo(AppDefinition app, IReadOnlyList<IReadOnlyList<ProcessDefinition>> layers, int k)
    {
        if (k >= layers.Count - 1) return app;
        var included = new HashSet<string>(layers.Take(k + 1).SelectMany(l => l).Select(p => p.Name), StringComparer.Ordinal);
        return app with { Processes = app.Processes.Where(p => p.Kind == ProcessKind.Release || included.Contains(p.Name)).ToArray() };
    }
}
