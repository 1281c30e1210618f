using System.Collections.Generic;
using System.Linq;

namespace SuperDeploy.Deploy.Nodes;

/// <summary>
/// One command to run on a node, as data: the argv (starting with `docker`), and whether it carries a secret (a join
/// token), in which case logs show only its first words. Shaped like the deploy plan's Command, so a runner of one
/// runs the other.
/// </summary>
public sealed record NodeCommand(IReadOnlyList<string> Argv, bool Sensitive = false)
{
    public static NodeCommand Docker(params string[] args) => new(new[] { "docker" }.Concat(args).ToArray());

    /// <summary>What logs and error messages may show.</summary>
    public string Display => Sensitive
        ? string.Join(" ", Argv.Take(4).Select(ShellWords.Quote)) + " <arguments hidden>"
        : ShellWords.Join(Argv);

    public override string ToString() => Display;
}
