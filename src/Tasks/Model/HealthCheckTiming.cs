using System;

namespace SuperDeploy.Model;

/// <summary>A web process's own health-check timing (HealthInterval, HealthTimeout, HealthRetries, HealthStartPeriod); null keeps the default.</summary>
public sealed record HealthCheckTiming(TimeSpan? Interval, TimeSpan? Timeout, int? Retries, TimeSpan? StartPeriod)
{
    public static HealthCheckTiming None { get; } = new(null, null, null, null);
}
