using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SuperDeploy.Resources;

namespace SuperDeploy.Deploy.Nodes;

/// <summary>
/// Runs node commands with the system OpenSSH client: `ssh -o BatchMode=yes -o StrictHostKeyChecking=yes [-p port]
/// [-i key -o IdentitiesOnly=yes] [-o UserKnownHostsFile=file] target -- &lt;quoted argv&gt;`. Host-key checking
/// stays on. ssh's own failures (exit 255 with its message) become SD7106.
/// </summary>
public sealed class SshNodeRunner : INodeRunner
{
    private const int SshFailure = 255;

    public SshNodeRunner(string target, int? port, string? identityFile, string? knownHostsFile, string sshProgram = "ssh")
    {
        Target = target;
        Port = port;
        IdentityFile = string.IsNullOrWhiteSpace(identityFile) ? null : identityFile;
        KnownHostsFile = string.IsNullOrWhiteSpace(knownHostsFile) ? null : knownHostsFile;
        SshProgram = sshProgram;
    }

    public string Target { get; }
    public int? Port { get; }
    public string? IdentityFile { get; }
    public string? KnownHostsFile { get; }
    public string SshProgram { get; }

    /// <summary>The ssh arguments for a command (exposed for tests).</summary>
    public IReadOnlyList<string> Arguments(NodeCommand command)
    {
        var args = new List<string> { "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "ConnectTimeout=15" };
        if (Port is int port) { args.Add("-p"); args.Add(port.ToString(CultureInfo.InvariantCulture)); }
        if (IdentityFile is not null) { args.Add("-i"); args.Add(IdentityFile); args.Add("-o"); args.Add("IdentitiesOnly=yes"); }
        if (KnownHostsFile is not null) { args.Add("-o"); args.Add("UserKnownHostsFile=" + KnownHostsFile); }
        args.Add(Target);
        args.Add("--");
        args.Add(ShellWords.Join(command.Argv));
        return args;
    }

    public async Task<NodeCommandResult> RunAsync(NodeCommand command, CancellationToken cancellationToken)
    {
        NodeCommandResult result;
        try
        {
            result = await RunProcessAsync(SshProgram, Arguments(command), cancellationToken).ConfigureAwait(false);
        }
        catch (Win32Exception e)
        {
            throw NodesException.Create(nameof(Strings.NodeUnreachable), Target, $"{SshProgram} could not be started: {e.Message}");
        }

        if (result.ExitCode == SshFailure && IsSshOwnFailure(result.Stderr))
            throw NodesException.Create(nameof(Strings.NodeUnreachable), Target, result.Stderr.Trim());
        return result;
    }

    /// <summary>What ssh itself prints when it, not the remote command, failed.</summary>
    public static bool IsSshOwnFailure(string stderr) =>
        new[] { "ssh:", "Host key verification failed", "REMOTE HOST IDENTIFICATION HAS CHANGED", "Permission denied", "Connection refused",
                "Connection closed", "Connection reset", "Connection timed out", "kex_exchange_identification", "Could not resolve", "No route to host" }
            .Any(part => stderr.IndexOf(part, StringComparison.OrdinalIgnoreCase) >= 0);

    private static async Task<NodeCommandResult> RunProcessAsync(string program, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
#if NETFRAMEWORK
        info.Arguments = string.Join(" ", args.Select(QuoteForWindows));
#else
        foreach (var arg in args) info.ArgumentList.Add(arg);
#endif
        using var process = new Process { StartInfo = info };
        process.Start();
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using (cancellationToken.Register(() => { try { process.Kill(); } catch (InvalidOperationException) { } }))
        {
            await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
            await Task.Run(() => process.WaitForExit(), CancellationToken.None).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new NodeCommandResult(process.ExitCode, stdout.Result, stderr.Result);
    }

#if NETFRAMEWORK
    // CommandLineToArgvW rules: quote when needed, double the backslashes before a quote.
    private static string QuoteForWindows(string arg)
    {
        if (arg.Length > 0 && arg.IndexOfAny(new[] { ' ', '\t', '"' }) < 0) return arg;
        var text = new StringBuilder("\"");
        var backslashes = 0;
        foreach (var c in arg)
        {
            if (c == '\\') { backslashes++; continue; }
            text.Append('\\', c == '"' ? backslashes * 2 + 1 : backslashes);
            backslashes = 0;
            text.Append(c);
        }

        return text.Append('\\', backslashes * 2).Append('"').ToString();
    }
#endif
}

/// <summary>One <see cref="SshNodeRunner"/> per node, sharing the project's identity file and known_hosts.</summary>
public sealed class SshNodeConnector : INodeConnector
{
    private readonly string? _identityFile;
    private readonly string? _knownHostsFile;
    private readonly int? _defaultPort;

    public SshNodeConnector(string? identityFile, string? knownHostsFile, int? defaultPort = null)
    {
        _identityFile = identityFile;
        _knownHostsFile = knownHostsFile;
        _defaultPort = defaultPort;
    }

    public INodeRunner For(Model.NodeDefinition node) => new SshNodeRunner(node.Target, node.Port ?? _defaultPort, _identityFile, _knownHostsFile);

    public INodeRunner ForTarget(string target) => new SshNodeRunner(target, _defaultPort, _identityFile, _knownHostsFile);
}
