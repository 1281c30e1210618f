using System.Collections.Generic;
using System.Linq;

namespace SuperDeploy.Deploy.Execution;

/// <summary>Quoting for a POSIX shell: what `ssh host -- &lt;command&gt;` hands to the remote user's shell.</summary>
public static class PosixShell
{
    /// <summary>A word the shell reads back as exactly <paramref name="value"/>: bare when safe, else single-quoted.</summary>
    public static string Quote(string value)
    {
        if (value.Length > 0 && value.All(IsSafe)) return value;
        // Inside single quotes nothing is special except the quote itself: close, emit an escaped quote, reopen.
        return "'" + value.Replace("'", "'\\''") + "'";
    }

    public static string Join(IEnumerable<string> argv) => string.Join(" ", argv.Select(Quote));

    private static bool IsSafe(char c) =>
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "_@%+=:,./-".IndexOf(c) >= 0;
}
