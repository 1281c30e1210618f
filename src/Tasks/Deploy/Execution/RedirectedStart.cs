using System.Collections.Generic;
using System.Diagnostics;
using System.Text;

namespace SuperDeploy.Deploy.Execution;

/// <summary>How every program SuperDeploy runs is started: an argv list (never through a shell), all three streams redirected, UTF-8 text.</summary>
internal static class RedirectedStart
{
    public static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static ProcessStartInfo For(string program, IReadOnlyList<string> args)
    {
        var info = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
            CreateNoWindow = true,
        };
#if NETFRAMEWORK
        info.Arguments = WindowsCommandLine.Join(args);
#else
        foreach (var arg in args) info.ArgumentList.Add(arg);
#endif
        return info;
    }
}
