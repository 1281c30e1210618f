using SuperDeploy.Agent;

namespace SuperDeploy.Tests.Agent;

/// <summary>
/// Virtual time that advances as the scheduler waits: every Delay completes at once, first firing the events
/// (run exits, the stop request) that fall inside it, in time order. Tests therefore run single-threaded and
/// deterministic, with no real waiting.
/// </summary>
internal sealed class FakeClock : IClock
{
    private readonly List<(DateTime Due, int Order, Action Action)> events = new();
    private int order;
    private TimeSpan oversleep;

    public FakeClock(DateTime start) => UtcNow = start;

    public DateTime UtcNow { get; private set; }

    public CancellationTokenSource Stopping { get; } = new();

    public List<TimeSpan> Delays { get; } = new();

    public void At(DateTime due, Action action) => events.Add((due, order++, action));

    public void StopAt(DateTime due) => At(due, Stopping.Cancel);

    /// <summary>The next wait ends this much later than asked, as after a suspended host or a stopped container.</summary>
    public void OversleepNextDelay(TimeSpan extra) => oversleep = extra;

    public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        Delays.Add(delay);
        DateTime target = delay == Timeout.InfiniteTimeSpan ? DateTime.MaxValue : UtcNow + delay + oversleep;
        oversleep = TimeSpan.Zero;
        while (!cancellationToken.IsCancellationRequested)
        {
            var due = events.Where(e => e.Due <= target).OrderBy(e => e.Due).ThenBy(e => e.Order).ToList();
            if (due.Count == 0)
            {
                break;
            }

            var next = due[0];
            events.Remove(next);
            UtcNow = next.Due > UtcNow ? next.Due : UtcNow;
            next.Action();
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        if (target == DateTime.MaxValue)
        {
            throw new InvalidOperationException("an endless wait with nothing scheduled would hang the test");
        }

        UtcNow = target;
        return Task.CompletedTask;
    }
}

/// <summary>A run that ends when the test says, or on SIGTERM unless it ignores it.</summary>
internal sealed class FakeRun : ICronRun
{
    private readonly TaskCompletionSource<int> exited = new();
    private readonly IClock? clock;

    public FakeRun(int processId, IClock? clock = null)
    {
        ProcessId = processId;
        this.clock = clock;
    }

    public int ProcessId { get; }

    public Task<int> Exited => exited.Task;

    public bool IgnoresSigterm { get; init; }

    public bool Terminated { get; private set; }

    public bool Killed { get; private set; }

    public DateTime? EndedAt { get; private set; }

    public void Exit(int code)
    {
        if (!exited.Task.IsCompleted)
        {
            EndedAt = clock?.UtcNow;
            exited.SetResult(code);
        }
    }

    public void Terminate()
    {
        Terminated = true;
        if (!IgnoresSigterm)
        {
            Exit(143);
        }
    }

    public void Kill()
    {
        Killed = true;
        Exit(137);
    }
}
