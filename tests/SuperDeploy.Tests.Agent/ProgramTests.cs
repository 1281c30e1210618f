using SuperDeploy.Agent;

namespace SuperDeploy.Tests.Agent;

public sealed class ProgramTests
{
    [Theory]
    [InlineData]
    [InlineData("deploy")]
    [InlineData("version", "extra")]
    [InlineData("cron")]
    [InlineData("cron", "* * * * *")]
    [InlineData("cron", "* * * * *", "--")]
    [InlineData("cron", "--", "echo")]
    [InlineData("cron", "61 * * * *", "--", "echo")]
    [InlineData("cron", "* * * *", "--", "echo")]
    [InlineData("cron", "@sometimes", "--", "echo")]
    [InlineData("cron", "* * * * *", "--grace", "-1", "--", "echo")]
    [InlineData("cron", "* * * * *", "--state-file", "--", "echo")]
    [InlineData("cron", "* * * * *", "* * * * *", "--", "echo")]
    public async Task Unknown_or_missing_arguments_print_usage_to_stderr_and_exit_2(params string[] args)
    {
        var (code, stdout, stderr) = await HealthProbeTests.Agent(args);

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("usage: dotnet SuperDeploy.Agent.dll <command>", stderr);
    }

    [Fact]
    public async Task Version_prints_the_informational_version()
    {
        var (code, stdout, _) = await HealthProbeTests.Agent("version");

        Assert.Equal(0, code);
        Assert.Equal(Program.Version, stdout);
        Assert.StartsWith("0.", stdout);
    }

    [Fact]
    public async Task Cron_stops_with_exit_0_when_asked_before_any_tick()
    {
        using var stopped = new CancellationTokenSource();
        stopped.Cancel();
        var stdout = new StringWriter();

        int code = await Program.RunAsync(new[] { "cron", "@hourly", "--state-file", "/nonexistent/dir/state.json", "--", "true" }, stdout, new StringWriter(), stopped.Token);

        Assert.Equal(0, code);
        Assert.EndsWith("superdeploy-cron: stopped", stdout.ToString().Trim());
    }
}
