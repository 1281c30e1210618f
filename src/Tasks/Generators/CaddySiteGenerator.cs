using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using SuperDeploy.Model;

namespace SuperDeploy.Generators;

/// <summary>The Caddy site that routes the app's domain to its web replicas; null when the app has no web process.</summary>
/// <remarks>
/// Replicas are found through Docker DNS (`dynamic a`, the service key is its alias on the project network and
/// `endpoint_mode: dnsrr` makes it resolve to every healthy task), refreshed every second; `lb_try_duration` holds a
/// request while a replica is replaced. Only directives that Caddy 2.6.2 understands.
/// </remarks>
public static class CaddySiteGenerator
{
    public static string? Generate(AppDefinition app)
    {
        var web = WebProcess(app);
        if (web?.Port is not { } port) return null;

        var body = new StringBuilder();
        body.Append(SiteAddress(DomainOf(app))).Append(" {\n");
        body.Append("\treverse_proxy {\n");
        body.Append("\t\tdynamic a ").Append(CheckedToken(web.ServiceName(app.App), "service"))
            .Append(' ').Append(port.ToString(CultureInfo.InvariantCulture)).Append(" {\n");
        body.Append("\t\t\trefresh 1s\n");
        body.Append("\t\t}\n");
        // Caddy's default policy is random; round robin spreads load evenly over the replicas.
        body.Append("\t\tlb_policy round_robin\n");
        body.Append("\t\tlb_try_duration 15s\n");
        body.Append("\t\tlb_try_interval 250ms\n");
        body.Append("\t}\n");
        body.Append("}\n");
        return GeneratedHeader.Wrap(body.ToString(), MarkerGenerator.SourceName(app.ProjectFile));
    }

    /// <summary>The process the domain routes to: the one named `web`, else the first web process.</summary>
    public static ProcessDefinition? WebProcess(AppDefinition app) =>
        app.OfKind(ProcessKind.Web).FirstOrDefault(p => p.Name == "web") ?? app.OfKind(ProcessKind.Web).FirstOrDefault();

    /// <summary>The app's domain, or `&lt;app&gt;.localhost` when none is set.</summary>
    public static string DomainOf(AppDefinition app) =>
        string.IsNullOrWhiteSpace(app.Domain) ? app.App + ".localhost" : app.Domain!.Trim();

    /// <summary>
    /// `http://` for names that can never get a public certificate (localhost, *.localhost, IP addresses), so Caddy
    /// serves them on :80 without automatic HTTPS; a bare name otherwise, which turns automatic HTTPS on.
    /// </summary>
    public static string SiteAddress(string domain)
    {
        CheckedToken(domain, "domain");
        if (IsIPv4(domain)) return "http://" + domain;
        if (domain.IndexOf(':') >= 0 && IPAddress.TryParse(domain.Trim('[', ']'), out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6)
            return "http://[" + ip + "]";
        var host = domain.ToLowerInvariant();
        return host == "localhost" || host.EndsWith(".localhost", StringComparison.Ordinal) ? "http://" + domain : domain;
    }

    // Dotted quads only: IPAddress.TryParse also takes "10.1" or "1234" as IPv4.
    private static bool IsIPv4(string value) =>
        Regex.IsMatch(value, @"^[0-9]{1,3}(\.[0-9]{1,3}){3}$", RegexOptions.CultureInvariant) && IPAddress.TryParse(value, out _);

    /// <summary>A value written into a Caddyfile must be one token: no blanks, quotes, braces or comments.</summary>
    private static string CheckedToken(string value, string what)
    {
        if (value.Length == 0 || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || "{}\"'`#".IndexOf(c) >= 0))
            throw new ArgumentException($"The {what} '{value}' cannot be written into a Caddyfile.", nameof(value));
        return value;
    }
}
