using System;
using System.Threading;
using System.Threading.Tasks;

namespace SuperDeploy.Deploy.Nodes;

/// <summary>Where SuperDeployUp reports: one line per action (shown), command details (verbose), warnings.</summary>
public interface IUpOutput
{
    void Line(string text);

    void Detail(string text);

    void Warning(string text);
}

/// <summary>Waiting, injectable so tests never sleep.</summary>
public interface IUpClock
{
    DateTimeOffset UtcNow { get; }

    Task Delay(TimeSpan delay, CancellationToken cancellationToken);
}

public sealed class SystemUpClock : IUpClock
{
    public static readonly SystemUpClock Instance = new();

    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

    public Task Delay(TimeSpan delay, CancellationToken cancellationToken) => Task.Delay(delay, cancellationToken);
}

/// <param name="DrainTimeout">How long a drained node may take to hand its tasks over before Up stops with SD7104.</param>
/// <param name="PollInterval">How often the drain is checked.</param>
public sealed record UpSettings(TimeSpan DrainTimeout, TimeSpan PollInterval)
{
    public static readonly UpSettings Default = new(TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(1));
}
