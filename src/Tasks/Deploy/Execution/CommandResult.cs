namespace SuperDeploy.Deploy.Execution;

/// <summary>What a command did: its exit code and its captured output (stdout and stderr kept apart).</summary>
public sealed record CommandResult(int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;

    public static CommandResult Ok(string stdout = "") => new(0, stdout, "");

    public static CommandResult Fail(int exitCode, string stderr) => new(exitCode, "", stderr);
}
