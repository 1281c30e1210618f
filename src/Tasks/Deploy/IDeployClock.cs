using System;
using System.Threading;
using System.Threading.Tasks;

namespace SuperDeploy.Deploy;

/// <summary>Time for polling loops and step timings; tests substitute a clock that advances on Delay.</summary>
public interface IDeployClock
{
    DateTimeOffset UtcNow { get; }

    Task Delay(TimeSpan delay, CancellationToken cancellationToken);
}

public sealed class SystemClock : IDeployClock
{
    public static readonly SystemClock Instance = new();

    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

    public Task Delay(TimeSpan delay, CancellationToken cancellationToken) => Task.Delay(delay, cancellationToken);
}
