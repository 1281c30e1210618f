using System;
using System.Collections.Generic;
using System.Text;

namespace SuperDeploy.Model;

/// <summary>
/// Splits a process command into an argv list the way a POSIX shell would (whitespace, single and double quotes,
/// backslash escapes), so a command runs without a shell unless it needs one (a `$` variable).
/// </summary>
public static class CommandLine
{
    /// <summary>
    /// True when the command needs the container's shell: a variable only it can expand (`$PORT`), or shell syntax
    /// (`&amp;&amp;`, `|`, `;`, redirections, backquotes) that Heroku-style Procfile commands commonly use.
    /// </summary>
    public static bool NeedsShell(string command) => command.IndexOfAny(ShellCharacters) >= 0;

    private static readonly char[] ShellCharacters = { '$', '&', '|', ';', '<', '>', '`' };

    /// <summary>The argv list, or null when a quote is left open or the command ends in a lone backslash.</summary>
    public static IReadOnlyList<string>? TrySplit(string command)
    {
        var args = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        char quote = '\0';

        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            if (quote == '\'')
            {
                if (c == '\'') quote = '\0'; else current.Append(c);
            }
            else if (quote == '"')
            {
                if (c == '"') quote = '\0';
                else if (c == '\\' && i + 1 < command.Length && "\"\\$`".IndexOf(command[i + 1]) >= 0) current.Append(command[++i]);
                else current.Append(c);
            }
            else if (c == '\'' || c == '"')
            {
                quote = c;
                inWord = true;
            }
            else if (c == '\\')
            {
                if (i + 1 >= command.Length) return null;
                current.Append(command[++i]);
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) args.Add(current.ToString());
                current.Clear();
                inWord = false;
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }

        if (quote != '\0') return null;
        if (inWord) args.Add(current.ToString());
        return args;
    }

    public static IReadOnlyList<string> Split(string command) =>
        TrySplit(command) ?? throw new FormatException($"Unbalanced quotes in command: {command}");

    /// <summary>The container argv: a shell for commands with variables (exec keeps signals reaching the process), else the split words.</summary>
    public static IReadOnlyList<string> ToContainerArgv(string command) =>
        NeedsShell(command) ? new[] { "/bin/sh", "-c", "exec " + command } : Split(command);
}
