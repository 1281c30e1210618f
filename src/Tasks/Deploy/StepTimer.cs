using System;
using System.Globalization;
using System.Threading.Tasks;

namespace SuperDeploy.Deploy;

/// <summary>Runs one deploy step and prints ONE line for it with its elapsed time: `  ✓ release (4.2 s)`.</summary>
public sealed class StepTimer
{
    private readonly Target _target;

    public StepTimer(Target target) => _target = target;

    /// <param name="step">Returns the text of the line (the step's name plus what it found), or null to print none.</param>
    public async Task RunAsync(string name, Func<Task<string?>> step)
    {
        var started = _target.Clock.UtcNow;
        try
        {
            var line = await step().ConfigureAwait(false);
            if (line is not null) _target.Output.Line($"  ✓ {line} ({Elapsed(started)})");
        }
        catch
        {
            _target.Output.Line($"  ✗ {name} ({Elapsed(started)})");
            throw;
        }
    }

    public Task RunAsync(string name, Func<Task> step) =>
        RunAsync(name, async () =>
        {
            await step().ConfigureAwait(false);
            return name;
        });

    private string Elapsed(DateTimeOffset started) =>
        (_target.Clock.UtcNow - started).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
