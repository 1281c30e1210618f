using System.Collections.Concurrent;
using System.Diagnostics;
using SuperDeploy.Agent;

namespace SuperDeploy.Tests.Agent;

/// <summary>`exec` in a real process: variables reach a real child through the native environment, and the child is the same process.</summary>
public sealed class ExecProcessTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("superdeploy-exec-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string Secret(string name, string content)
    {
        string path = Path.Combine(directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static Dictionary<string, string?> Env(string? envFiles) => new() { [EnvFiles.Variable] = envFiles };

    [Fact]
    public async Task A_child_sees_each_variable_with_one_trailing_newline_removed()
    {
        string url = Secret("DB_URL", "postgres://app:p%40ss%3A%2F@databases-primary:5432/app\n");
        string key = Secret("STRIPE_KEY", "sk_live_abc\n\n");
        string spaced = Secret("SPACED", "  two words = x; y  ");

        var (code, stdout, stderr) = await AgentHost.RunAsync(
            Env($"DB_URL={url};STRIPE_KEY={key};SPACED={spaced};"), "exec", "--", "/usr/bin/env");

        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n');
        Assert.Contains("DB_URL=postgres://app:p%40ss%3A%2F@databases-primary:5432/app", lines);
        Assert.Contains("STRIPE_KEY=sk_live_abc", lines);
        Assert.Contains("SPACED=  two words = x; y  ", lines);
        Assert.Equal(string.Empty, stderr);
    }

    [Fact]
    public async Task A_value_replaces_a_variable_already_in_the_environment()
    {
        string path = Secret("TOKEN", "from-the-secret");
        var env = Env($"TOKEN={path}");
        env["TOKEN"] = "from-the-spec";

        var (code, stdout, _) = await AgentHost.RunAsync(env, "exec", "--", "/bin/sh", "-c", "printf '%s' \"$TOKEN\"");

        Assert.Equal((0, "from-the-secret"), (code, stdout));
    }

    [Fact]
    public async Task A_missing_file_exits_2_naming_the_variable_and_never_a_value()
    {
        string present = Secret("DB_PASSWORD", "hunter2-do-not-print");
        string missing = Path.Combine(directory, "nope", "DB_URL");

        var (code, stdout, stderr) = await AgentHost.RunAsync(
            Env($"DB_PASSWORD={present};DB_URL={missing}"), "exec", "--", "/bin/echo", "must not run");

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("DB_URL", stderr);
        Assert.Contains(missing, stderr);
        Assert.DoesNotContain("hunter2", stderr);
    }

    [Fact]
    public async Task Without_the_variable_the_command_runs_with_the_environment_unchanged()
    {
        var (code, stdout, _) = await AgentHost.RunAsync(Env(null), "exec", "--", "/bin/sh", "-c", "echo ${SUPERDEPLOY_ENV_FILES-unset}");

        Assert.Equal((0, "unset\n"), (code, stdout));
    }

    [Fact]
    public async Task The_command_is_the_same_process_and_its_exit_code_is_the_agents()
    {
        using Process agent = AgentHost.Start(Env(null), "exec", "--", "/bin/sh", "-c", "echo $$; exit 7");
        string stdout = await agent.StandardOutput.ReadToEndAsync();
        await agent.WaitForExitAsync().WaitAsync(AgentHost.Patience);

        Assert.Equal(agent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), stdout.Trim());
        Assert.Equal(7, agent.ExitCode);
    }

    [Fact]
    public async Task The_command_starts_with_no_blocked_or_ignored_signals()
    {
        // The .NET runtime ignores SIGPIPE; an ignored signal would survive exec into the app.
        var (code, stdout, stderr) = await AgentHost.RunAsync(Env(null), "exec", "--", "grep", "-E", "^Sig(Blk|Ign):", "/proc/self/status");

        Assert.True(code == 0, stderr);
        Assert.Equal(new[] { "SigBlk:\t0000000000000000", "SigIgn:\t0000000000000000" }, stdout.Trim().Split('\n'));
    }

    [Fact]
    public async Task Sigterm_reaches_the_command_directly()
    {
        using Process agent = AgentHost.Start(Env(null), "exec", "--", "/bin/sh", "-c",
            "trap 'echo got-term; exit 0' TERM; echo ready; while :; do sleep 0.1; done");
        var lines = new BlockingCollection<string>();
        agent.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Add(e.Data); };
        agent.BeginOutputReadLine();
        try
        {
            using var patience = new CancellationTokenSource(AgentHost.Patience);
            Assert.Equal("ready", lines.Take(patience.Token));

            ChildProcess.SendSignal(agent.Id, 15);

            Assert.Equal("got-term", lines.Take(patience.Token));
            await agent.WaitForExitAsync().WaitAsync(AgentHost.Patience);
            Assert.Equal(0, agent.ExitCode);
        }
        finally
        {
            if (!agent.HasExited) agent.Kill();
        }
    }

    [Fact]
    public async Task A_command_that_is_not_on_path_exits_127()
    {
        var (code, stdout, stderr) = await AgentHost.RunAsync(Env(null), "exec", "--", "superdeploy-no-such-command-xyz");

        Assert.Equal(127, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("superdeploy-no-such-command-xyz", stderr);
    }

    [Fact]
    public async Task A_file_that_is_not_executable_exits_126()
    {
        string script = Secret("script.sh", "#!/bin/sh\necho hi\n");

        var (code, _, stderr) = await AgentHost.RunAsync(Env(null), "exec", "--", script);

        Assert.Equal(126, code);
        Assert.Contains("permission denied", stderr);
    }
}
