using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace SuperDeploy.Deploy;

/// <summary>
/// Asks an image registry (Docker Registry HTTP API v2) whether a tag exists, without pulling anything: one HEAD of
/// the manifest, plus the registry's token handshake when it asks for one (anonymous, or with the credentials from
/// the environment). Any doubt (unreachable, refused, unexpected answer) is "unknown", and the caller builds as usual.
/// </summary>
public sealed class RegistryManifest
{
    public enum Outcome
    {
        Exists,
        Missing,
        Unknown,
    }

    public sealed record Answer(Outcome Outcome, string? Digest, string Detail);

    private static readonly string[] ManifestTypes =
    {
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.oci.image.manifest.v1+json",
    };

    private static readonly Regex ChallengeParameter = new("(\\w+)=\"([^\"]*)\"", RegexOptions.CultureInvariant);
    private static readonly Regex TokenField = new("\"(?:access_)?token\"\\s*:\\s*\"([^\"]+)\"", RegexOptions.CultureInvariant);

    private readonly HttpMessageHandler _handler;

    public RegistryManifest(HttpMessageHandler handler) => _handler = handler;

    /// <summary>`127.0.0.1:5000`, `ghcr.io`; Docker Hub's `docker.io` is served by registry-1.docker.io.</summary>
    public static string ApiHost(string registry) =>
        registry is "docker.io" or "index.docker.io" ? "registry-1.docker.io" : registry;

    /// <summary>Plain HTTP for registries the SDK's container publishing also treats as insecure (DOTNET_CONTAINER_INSECURE_REGISTRIES).</summary>
    public static bool IsInsecure(string registry, string? insecureList) =>
        (insecureList ?? "").Split(',', ';').Select(s => s.Trim()).Any(s => s.Length > 0 && string.Equals(s, registry, StringComparison.OrdinalIgnoreCase));

    public async Task<Answer> FindAsync(string registry, string repository, string tag, bool insecure, RegistryLogin? login,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(_handler, disposeHandler: false) { Timeout = timeout };
        var url = $"{(insecure ? "http" : "https")}://{ApiHost(registry)}/v2/{repository}/manifests/{tag}";
        try
        {
            using var first = await client.SendAsync(Head(url, null), cancellationToken).ConfigureAwait(false);
            if (first.StatusCode != HttpStatusCode.Unauthorized) return Interpret(first);

            var authorization = await AuthorizeAsync(client, first, repository, login, cancellationToken).ConfigureAwait(false);
            if (authorization is null) return new Answer(Outcome.Unknown, null, "the registry asked for credentials SuperDeploy could not use");
            using var second = await client.SendAsync(Head(url, authorization), cancellationToken).ConfigureAwait(false);
            return Interpret(second);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException or System.IO.IOException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return new Answer(Outcome.Unknown, null, e.GetBaseException().Message);
        }
    }

    private static HttpRequestMessage Head(string url, AuthenticationHeaderValue? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Head, url);
        foreach (var type in ManifestTypes) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        request.Headers.Authorization = authorization;
        return request;
    }

    private static Answer Interpret(HttpResponseMessage response)
    {
        if (response.StatusCode == HttpStatusCode.OK)
        {
            var digest = response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault() : null;
            return new Answer(Outcome.Exists, digest, "manifest found");
        }
        if (response.StatusCode == HttpStatusCode.NotFound) return new Answer(Outcome.Missing, null, "no such tag");
        return new Answer(Outcome.Unknown, null, $"the registry answered {(int)response.StatusCode} {response.ReasonPhrase}");
    }

    /// <summary>The Authorization for the retry: Basic with the credentials, or a Bearer token from the challenge's realm.</summary>
    private static async Task<AuthenticationHeaderValue?> AuthorizeAsync(HttpClient client, HttpResponseMessage challenge, string repository,
        RegistryLogin? login, CancellationToken cancellationToken)
    {
        var header = challenge.Headers.WwwAuthenticate.FirstOrDefault();
        if (header is null) return null;
        var basic = login is null ? null
            : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(login.Username + ":" + login.Password)));
        if (string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)) return basic;
        if (!string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase)) return null;

        var parameters = ChallengeParameter.Matches(header.Parameter ?? "").Cast<Match>()
            .GroupBy(m => m.Groups[1].Value, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Groups[2].Value, StringComparer.OrdinalIgnoreCase);
        if (!parameters.TryGetValue("realm", out var realm) || !Uri.TryCreate(realm, UriKind.Absolute, out _)) return null;

        var query = new List<string>();
        if (parameters.TryGetValue("service", out var service)) query.Add("service=" + Uri.EscapeDataString(service));
        query.Add("scope=" + Uri.EscapeDataString(parameters.TryGetValue("scope", out var scope) ? scope : $"repository:{repository}:pull"));
        using var request = new HttpRequestMessage(HttpMethod.Get, realm + (realm.Contains("?") ? "&" : "?") + string.Join("&", query));
        request.Headers.Authorization = basic;
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) return null;
        var token = TokenField.Match(await response.Content.ReadAsStringAsync().ConfigureAwait(false));
        return token.Success ? new AuthenticationHeaderValue("Bearer", token.Groups[1].Value) : null;
    }
}
