using SuperDeploy.Model;

namespace SuperDeploy.Tests.Unit.Sources;

/// <summary>Compares models from different sources: everything a process is, except where it was declared.</summary>
internal static class Models
{
    public static IEnumerable<string> Shape(AppDefinition app) =>
        app.Processes.Select(p => string.Join("|", p.Name, p.Kind, p.Command, p.Port, p.Replicas, p.Schedule, p.HealthPath, p.MemoryBytes, p.Cpu, string.Join(",", p.DependsOn)));

    public static string Settings(AppDefinition app) => string.Join("|", app.Project, app.App, app.Vm, app.Domain, string.Join(",", app.Secrets));
}
