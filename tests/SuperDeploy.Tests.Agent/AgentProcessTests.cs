using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using SuperDeploy.Agent;
using Xunit.Abstractions;

namespace SuperDeploy.Tests.Agent;

/// <summary>The built agent run the way an image runs it: `dotnet SuperDeploy.Agent.dll ...` in its own process.</summary>
public sealed class AgentProcessTests
{
    private static readonly string AgentDll = Path.Combine(AppContext.BaseDirectory, "SuperDeploy.Agent.dll");
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly ITestOutputHelper output;

    public AgentProcessTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public async Task Health_exits_0_for_a_healthy_app_and_1_for_a_closed_port()
    {
        using var server = new TestHttpServer(TestHttpServer.Reply(200, "OK"));

        var healthy = await RunAgentAsync("health", server.Url);
        var refused = await RunAgentAsync("health", $"http://127.0.0.1:{TestHttpServer.ClosedPort()}/");

        Assert.Equal((0, "HTTP 200 OK"), (healthy.Code, healthy.Stdout.Trim()));
        Assert.Equal(1, refused.Code);
        Assert.Contains("Connection refused", refused.Stdout);
        output.WriteLine($"wall time per probe: healthy {healthy.Elapsed.TotalMilliseconds:0} ms, refused {refused.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Version_prints_the_version_and_no_arguments_print_usage_with_exit_2()
    {
        var version = await RunAgentAsync("version");
        var none = await RunAgentAsync();

        Assert.Equal(0, version.Code);
        Assert.StartsWith("0.", version.Stdout);
        Assert.Equal(2, none.Code);
        Assert.Contains("usage:", none.Stderr);
    }

    [Fact]
    public async Task Cron_runs_the_command_shows_its_output_and_stops_cleanly_on_sigterm()
    {
        string stateFile = Path.Combine(Path.GetTempPath(), $"superdeploy-cron-{Guid.NewGuid():N}.json");
        using var agent = Start("cron", "* * * * *", "--run-now", "--state-file", stateFile, "--", "/bin/sh", "-c", "echo hi");
        var lines = new BlockingCollection<string>();
        agent.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Add(e.Data); };
        agent.BeginOutputReadLine();
        try
        {
            var seen = new List<string>();
            using var patience = new CancellationTokenSource(Patience);
            while (!seen.Contains("superdeploy-cron: run 1 exited 0", StringComparer.Ordinal))
            {
                string line = lines.Take(patience.Token);
                seen.Add(line.StartsWith("superdeploy-cron: run 1 exited 0 after ", StringComparison.Ordinal) ? "superdeploy-cron: run 1 exited 0" : line);
            }

            Assert.Contains(seen, l => l.StartsWith("superdeploy-cron: run 1 started at ", StringComparison.Ordinal) && l.EndsWith("(run-now)", StringComparison.Ordinal));
            Assert.Contains("hi", seen);

            ChildProcess.SendSignal(agent.Id, 15); // SIGTERM, as `docker stop` sends it
            await agent.WaitForExitAsync().WaitAsync(Patience);
            Assert.Equal(0, agent.ExitCode);
            Assert.Equal("superdeploy-cron: stopped", lines.Last());
            using var state = JsonDocument.Parse(File.ReadAllText(stateFile));
            Assert.Equal(0, state.RootElement.GetProperty("exitCode").GetInt32());
        }
        finally
        {
            if (!agent.HasExited)
            {
                agent.Kill();
            }

            File.Delete(stateFile);
        }
    }

    private static Process Start(params string[] args)
    {
        var startInfo = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(AgentDll);
        foreach (string arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        return Process.Start(startInfo)!;
    }

    private static async Task<(int Code, string Stdout, string Stderr, TimeSpan Elapsed)> RunAgentAsync(params string[] args)
    {
        var clock = Stopwatch.StartNew();
        using Process agent = Start(args);
        Task<string> stdout = agent.StandardOutput.ReadToEndAsync();
        Task<string> stderr = agent.StandardError.ReadToEndAsync();
        await agent.WaitForExitAsync().WaitAsync(Patience);
        clock.Stop();
        return (agent.ExitCode, await stdout, await stderr, clock.Elapsed);
    }

    private static string DotnetHost()
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (File.Exists(host))
        {
            return host;
        }

        // <root>/shared/Microsoft.NETCore.App/<version>/ -> <root>/dotnet
        string root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        string candidate = Path.Combine(root, "dotnet");
        return File.Exists(candidate) ? candidate : "dotnet";
    }
}
