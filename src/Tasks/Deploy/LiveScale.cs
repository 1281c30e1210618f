using System.Collections.Generic;
using System.Linq;
using SuperDeploy.Model;

namespace SuperDeploy.Deploy;

/// <summary>
/// Which replica count a redeploy renders, so a live `scale` survives later deploys (Swarm would otherwise reset it to
/// the stack file's value on every `docker stack deploy`).
/// Each service carries the label superdeploy.declared-replicas = the project file's Replicas at its last deploy.
/// When the live count differs from that label, someone scaled the service since: keep the live count, unless the
/// project file's Replicas changed since that deploy too (then the project file is the newer decision and wins).
/// </summary>
public static class LiveScale
{
    public sealed record Decision(string Process, int Declared, int Replicas, int? Live)
    {
        public bool KeepsLive => Live is int live && live == Replicas && live != Declared;
    }

    public static Decision Decide(ProcessDefinition process, ServiceState? live)
    {
        var declared = process.Replicas;
        // A cron process always runs one scheduler (StackGenerator renders 1): pausing it with scale 0 lasts until the next deploy.
        if (process.Kind != ProcessKind.Cron && live?.Replicas is int current && live.DeclaredReplicas is int lastDeclared
            && current != lastDeclared && declared == lastDeclared)
        {
            return new Decision(process.Name, declared, current, current);
        }
        return new Decision(process.Name, declared, declared, live?.Replicas);
    }

    /// <param name="live">Live services by Swarm name (`api_api-web`).</param>
    public static IReadOnlyList<Decision> DecideAll(AppDefinition app, IReadOnlyDictionary<string, ServiceState> live) =>
        app.Services.Select(p =>
        {
            live.TryGetValue(SwarmName(app, p), out var state);
            return Decide(p, state);
        }).ToArray();

    public static string SwarmName(AppDefinition app, ProcessDefinition process) => $"{app.StackName}_{process.ServiceName(app.App)}";
}
