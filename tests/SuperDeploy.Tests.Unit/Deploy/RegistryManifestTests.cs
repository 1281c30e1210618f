using System.Net;
using SuperDeploy.Deploy;

namespace SuperDeploy.Tests.Unit.Deploy;

/// <summary>Does an image tag exist: one manifest HEAD, the token handshake, and doubt meaning "build".</summary>
public class RegistryManifestTests
{
    private sealed class FakeRegistry(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(answer(request));
        }
    }

    private static Task<RegistryManifest.Answer> Find(FakeRegistry registry, bool insecure = false, RegistryLogin? login = null) =>
        new RegistryManifest(registry).FindAsync("registry.example", "demo/api", "3f2a1b0c9d8e", insecure, login, TimeSpan.FromSeconds(5), CancellationToken.None);

    [Fact]
    public async Task AnExistingTagIsFoundWithItsDigest()
    {
        var registry = new FakeRegistry(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK);
            response.Headers.Add("Docker-Content-Digest", "sha256:abc");
            return response;
        });

        var answer = await Find(registry);

        Assert.Equal(RegistryManifest.Outcome.Exists, answer.Outcome);
        Assert.Equal("sha256:abc", answer.Digest);
        var request = Assert.Single(registry.Requests);
        Assert.Equal(HttpMethod.Head, request.Method);
        Assert.Equal("https://registry.example/v2/demo/api/manifests/3f2a1b0c9d8e", request.RequestUri!.ToString());
        Assert.Contains(request.Headers.Accept, a => a.MediaType == "application/vnd.oci.image.index.v1+json");
    }

    [Fact]
    public async Task AMissingTagAndAnInsecureRegistry()
    {
        var registry = new FakeRegistry(_ => new HttpResponseMessage(HttpStatusCode.NotFound));
        var answer = await Find(registry, insecure: true);
        Assert.Equal(RegistryManifest.Outcome.Missing, answer.Outcome);
        Assert.Equal("http", registry.Requests[0].RequestUri!.Scheme);
    }

    [Fact]
    public async Task ABearerChallengeIsAnsweredWithATokenForTheCredentials()
    {
        var registry = new FakeRegistry(request =>
        {
            if (request.RequestUri!.Host == "auth.example")
            {
                Assert.Equal("Basic", request.Headers.Authorization?.Scheme);
                Assert.Contains("scope=repository%3Ademo%2Fapi%3Apull", request.RequestUri.Query);
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"token\": \"t0k3n\", \"expires_in\": 300}") };
            }
            if (request.Headers.Authorization is { Scheme: "Bearer", Parameter: "t0k3n" }) return new HttpResponseMessage(HttpStatusCode.OK);
            var challenge = new HttpResponseMessage(HttpStatusCode.Unauthorized);
            challenge.Headers.Add("WWW-Authenticate", "Bearer realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:demo/api:pull\"");
            return challenge;
        });

        var answer = await Find(registry, login: new RegistryLogin("registry.example", "ci", "secret"));

        Assert.Equal(RegistryManifest.Outcome.Exists, answer.Outcome);
        Assert.Equal(3, registry.Requests.Count);
    }

    [Fact]
    public async Task AnythingDoubtfulIsUnknownSoTheImageIsBuilt()
    {
        var refused = new FakeRegistry(_ => throw new HttpRequestException("Connection refused"));
        Assert.Equal(RegistryManifest.Outcome.Unknown, (await Find(refused)).Outcome);

        var broken = new FakeRegistry(_ => new HttpResponseMessage(HttpStatusCode.InternalServerError));
        Assert.Equal(RegistryManifest.Outcome.Unknown, (await Find(broken)).Outcome);

        var basicWithoutCredentials = new FakeRegistry(_ =>
        {
            var challenge = new HttpResponseMessage(HttpStatusCode.Unauthorized);
            challenge.Headers.Add("WWW-Authenticate", "Basic realm=\"registry\"");
            return challenge;
        });
        Assert.Equal(RegistryManifest.Outcome.Unknown, (await Find(basicWithoutCredentials)).Outcome);
    }

    [Theory]
    [InlineData("127.0.0.1:5000", "127.0.0.1:5000", true)]
    [InlineData("127.0.0.1:5000", "ghcr.io, 127.0.0.1:5000", true)]
    [InlineData("ghcr.io", "127.0.0.1:5000", false)]
    [InlineData("ghcr.io", null, false)]
    public void InsecureRegistriesFollowTheContainerPublishingSetting(string registry, string? list, bool insecure) =>
        Assert.Equal(insecure, RegistryManifest.IsInsecure(registry, list));
}
