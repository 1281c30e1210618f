using System.Diagnostics;
using System.Runtime.InteropServices;

namespace SuperDeploy.Tests.Agent;

/// <summary>Starts the built agent the way an image runs it, `dotnet SuperDeploy.Agent.dll ...`, with a chosen environment.</summary>
internal static class AgentHost
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static readonly string AgentDll = Path.Combine(AppContext.BaseDirectory, "SuperDeploy.Agent.dll");

    public static Process Start(IReadOnlyDictionary<string, string?> environment, params string[] args)
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

        foreach (var (name, value) in environment)
        {
            if (value is null) startInfo.Environment.Remove(name);
            else startInfo.Environment[name] = value;
        }

        return Process.Start(startInfo)!;
    }

    public static async Task<(int Code, string Stdout, string Stderr)> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        using Process agent = Start(environment, args);
        Task<string> stdout = agent.StandardOutput.ReadToEndAsync();
        Task<string> stderr = agent.StandardError.ReadToEndAsync();
        await agent.WaitForExitAsync().WaitAsync(Patience);
        return (agent.ExitCode, await stdout, await stderr);
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
