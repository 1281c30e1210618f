using System;
using System.Threading;
using System.Threading.Tasks;

namespace SuperDeploy.Agent
{
    /// <summary>Wall clock and waiting, injected so the scheduler can be driven through virtual time in tests.</summary>
    internal interface IClock
    {
        /// <summary>Current time, <see cref="DateTimeKind.Utc"/>.</summary>
        DateTime UtcNow { get; }

        Task Delay(TimeSpan delay, CancellationToken cancellationToken);
    }

    internal sealed class SystemClock : IClock
    {
        public static readonly SystemClock Instance = new();

        public DateTime UtcNow => DateTime.UtcNow;

        public Task Delay(TimeSpan delay, CancellationToken cancellationToken) => Task.Delay(delay, cancellationToken);
    }
}
