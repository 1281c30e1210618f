using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace SuperDeploy.Deploy.Execution;

/// <summary>
/// .NET Framework has no ProcessStartInfo.ArgumentList: join argv into one command line that the MSVC runtime
/// (CommandLineToArgvW rules) splits back into exactly the same words.
/// </summary>
internal static class WindowsCommandLine
{
    public static string Join(IEnumerable<string> args) => string.Join(" ", args.Select(Quote));

    public static string Quote(string arg)
    {
        if (arg.Length > 0 && arg.IndexOfAny(new[] { ' ', '\t', '\n', '\v', '"' }) < 0) return arg;
        var result = new StringBuilder("\"");
        var backslashes = 0;
        foreach (var c in arg)
        {
            if (c == '\\') { backslashes++; continue; }
            // Backslashes are literal unless they precede a quote: then each one is doubled, and the quote escaped.
            result.Append('\\', c == '"' ? backslashes * 2 + 1 : backslashes);
            backslashes = 0;
            result.Append(c);
        }
        result.Append('\\', backslashes * 2);
        return result.Append('"').ToString();
    }
}
