using SuperDeploy.Deploy;
using SuperDeploy.Deploy.Commands;
using SuperDeploy.Deploy.Execution;

namespace SuperDeploy.Tests.Unit.Deploy;

/// <summary>Answers commands by argv prefix (the last matching rule wins) and records what ran, in order.</summary>
internal sealed class FakeRunner : ICommandRunner
{
    private readonly List<(string Prefix, Func<Command, CommandResult> Answer)> _rules = [];

    public List<Command> Ran { get; } = [];

    public bool IsLocal { get; init; } = true;

    public string TargetDisplay => IsLocal ? "the local Docker engine" : "root@vm";

    public FakeRunner On(string prefix, Func<Command, CommandResult> answer)
    {
        _rules.Add((prefix, answer));
        return this;
    }

    public FakeRunner On(string prefix, string stdout) => On(prefix, _ => CommandResult.Ok(stdout));

    public FakeRunner Fail(string prefix, int exitCode, string stderr) => On(prefix, _ => CommandResult.Fail(exitCode, stderr));

    public bool HasRun(string prefix) => Ran.Any(c => Text(c).StartsWith(prefix, StringComparison.Ordinal));

    public int IndexOf(string prefix) => Ran.FindIndex(c => Text(c).StartsWith(prefix, StringComparison.Ordinal));

    public IEnumerable<Command> All(string prefix) => Ran.Where(c => Text(c).StartsWith(prefix, StringComparison.Ordinal));

    public static string Text(Command c) => string.Join(" ", c.Argv);

    public Task<CommandResult> RunAsync(Command command, Action<string>? onLine, CancellationToken cancellationToken)
    {
        Ran.Add(command);
        var text = Text(command);
        var rule = _rules.LastOrDefault(r => text.StartsWith(r.Prefix, StringComparison.Ordinal));
        var result = rule.Answer is null ? CommandResult.Ok() : rule.Answer(command);
        if (onLine is not null)
        {
            foreach (var line in (result.Stdout + result.Stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries)) onLine(line);
        }
        return Task.FromResult(result);
    }
}

internal sealed class FakeClock : IDeployClock
{
    public DateTimeOffset UtcNow { get; private set; } = new(2025, 1, 31, 12, 0, 0, TimeSpan.Zero);

    public TimeSpan Waited { get; private set; }

    public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        UtcNow += delay;
        Waited += delay;
        return Task.CompletedTask;
    }
}

internal sealed class ListOutput : IDeployOutput
{
    public List<string> Lines { get; } = [];
    public List<string> Details { get; } = [];
    public List<string> Warnings { get; } = [];

    public void Line(string text) => Lines.Add(text);
    public void Detail(string text) => Details.Add(text);
    public void Warning(string text) => Warnings.Add(text);
}
