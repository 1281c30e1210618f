using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SuperDeploy.Deploy.Execution;

/// <summary>
/// Where and how to reach the VM: a destination the system ssh understands (`user@host`, `host`, or an alias from
/// ~/.ssh/config), and the explicit options CI needs. Options left empty fall back to the user's ssh config and agent.
/// </summary>
public sealed record SshTarget(string Destination, int? Port = null, string? IdentityFile = null, string? KnownHostsFile = null)
{
    /// <summary>
    /// Reads SuperDeployHost: `user@host`, `host`, an ssh config alias, or `ssh://user@host:port`. An explicit
    /// <paramref name="port"/> wins over the URL's. Returns null and a reason when the value cannot be a destination.
    /// </summary>
    public static SshTarget? TryParse(string host, int? port, string? identityFile, string? knownHostsFile, out string? error)
    {
        error = null;
        var destination = host.Trim();
        if (destination.StartsWith("ssh://", StringComparison.OrdinalIgnoreCase))
        {
            destination = destination.Substring("ssh://".Length).TrimEnd('/');
            var colon = destination.LastIndexOf(':');
            if (colon > destination.LastIndexOf(']'))
            {
                if (!int.TryParse(destination.Substring(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var urlPort)
                    || urlPort < 1 || urlPort > 65535)
                {
                    error = "the port after ':' is not a number from 1 to 65535";
                    return null;
                }
                port ??= urlPort;
                destination = destination.Substring(0, colon);
            }
            destination = destination.Replace("[", "").Replace("]", "");
        }

        if (destination.Length == 0 || destination.StartsWith("-", StringComparison.Ordinal) || destination.EndsWith("@", StringComparison.Ordinal)
            || destination.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '/' || c == '\'' || c == '"'))
        {
            error = "expected user@host, host or ssh://user@host:port";
            return null;
        }
        return new SshTarget(destination, port, Blank(identityFile), Blank(knownHostsFile));
    }

    /// <summary>The ssh argv before the remote command. Host-key checking is forced on whatever the user's config says.</summary>
    public IReadOnlyList<string> SshArguments()
    {
        var args = new List<string> { "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes" };
        if (Port is int p) { args.Add("-p"); args.Add(p.ToString(CultureInfo.InvariantCulture)); }
        if (IdentityFile is not null) { args.Add("-i"); args.Add(IdentityFile); args.Add("-o"); args.Add("IdentitiesOnly=yes"); }
        if (KnownHostsFile is not null) { args.Add("-o"); args.Add("UserKnownHostsFile=" + KnownHostsFile); }
        args.Add(Destination);
        args.Add("--");
        return args;
    }

    public override string ToString() => Port is int p ? $"{Destination} (port {p})" : Destination;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
}
