using System.Collections.Generic;

namespace SuperDeploy.Model;

/// <summary>One validated process of an app. Memory is in bytes; Cpu in whole CPUs (0.5 = half a core).</summary>
public sealed record ProcessDefinition(
    string Name,
    ProcessKind Kind,
    string Command,
    int? Port,
    int Replicas,
    string? Schedule,
    string? HealthPath,
    long? MemoryBytes,
    double? Cpu,
    IReadOnlyList<string> DependsOn,
    SourceLocation Location)
{
    /// <summary>The node role this process runs on when it differs from the app's SuperDeployVm; null = the app's.</summary>
    public string? Vm { get; init; }

    /// <summary>The Swarm service key, `&lt;app&gt;-&lt;process&gt;`: also its DNS alias on the project network.</summary>
    public string ServiceName(string app) => $"{app}-{Name}";

    /// <summary>Web only: the health check's timing where the process overrides the defaults.</summary>
    public HealthCheckTiming HealthCheck { get; init; } = HealthCheckTiming.None;

    /// <summary>What Swarm reserves for each task (it schedules a task only where this much is free): bytes and CPUs.</summary>
    public long? MemoryReservationBytes { get; init; }

    public double? CpuReservation { get; init; }
}
