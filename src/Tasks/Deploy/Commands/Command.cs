using System.Collections.Generic;
using System.Linq;
using SuperDeploy.Deploy.Execution;

namespace SuperDeploy.Deploy.Commands;

/// <summary>
/// One command to run on the deployment target, as data: the argv (starting with `docker`), optional stdin content,
/// and whether its arguments are secret (then logs show only the first two words).
/// </summary>
public sealed record Command(IReadOnlyList<string> Argv, string? Stdin = null, bool Sensitive = false)
{
    public static Command Docker(params string[] args) => new(new[] { "docker" }.Concat(args).ToArray());

    public Command WithStdin(string stdin) => this with { Stdin = stdin };

    /// <summary>What logs and error messages may show.</summary>
    public string Display => Sensitive
        ? string.Join(" ", Argv.Take(2).Select(PosixShell.Quote)) + " <arguments hidden>"
        : string.Join(" ", Argv.Select(PosixShell.Quote));

    public override string ToString() => Display;
}
