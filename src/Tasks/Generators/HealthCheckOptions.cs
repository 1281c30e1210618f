using System;

namespace SuperDeploy.Generators;

/// <summary>Timing of the web health check in the stack file (Compose `healthcheck`). Defaults suit an ASP.NET app that boots in seconds.</summary>
public sealed record HealthCheckOptions
{
    public static HealthCheckOptions Default { get; } = new();

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(3);
    public int Retries { get; init; } = 3;
    public TimeSpan StartPeriod { get; init; } = TimeSpan.FromSeconds(20);
}
