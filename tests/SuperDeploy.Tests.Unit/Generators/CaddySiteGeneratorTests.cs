using System.Text.Json.Nodes;
using SuperDeploy.Generators;
using SuperDeploy.Model;
using SuperDeploy.Tests.Unit.Support;
using static SuperDeploy.Tests.Unit.Generators.TestModels;

namespace SuperDeploy.Tests.Unit.Generators;

public class CaddySiteGeneratorTests
{
    [Fact]
    public void AnAppWithoutAWebProcessHasNoSite() => Assert.Null(CaddySiteGenerator.Generate(Mailer));

    [Theory]
    [InlineData("api.cheapa.io", "api.cheapa.io")]
    [InlineData("api.localhost", "http://api.localhost")]
    [InlineData("API.Localhost", "http://API.Localhost")]
    [InlineData("localhost", "http://localhost")]
    [InlineData("203.0.113.10", "http://203.0.113.10")]
    [InlineData("::1", "http://[::1]")]
    [InlineData("[2001:db8::1]", "http://[2001:db8::1]")]
    [InlineData("10.1", "10.1")]
    [InlineData("localhost.example.com", "localhost.example.com")]
    public void OnlyNamesThatCanGetACertificateUseAutomaticHttps(string domain, string address) =>
        Assert.Equal(address, CaddySiteGenerator.SiteAddress(domain));

    [Fact]
    public void AnAppWithoutADomainIsServedAtAppDotLocalhost()
    {
        var site = CaddySiteGenerator.Generate(Nasty)!;

        Assert.Contains("\nhttp://nasty.localhost {\n", site);
        Assert.Equal("nasty.localhost", CaddySiteGenerator.DomainOf(Nasty with { Domain = "  " }));
    }

    [Fact]
    public void TheSiteRoutesToTheProcessNamedWebThroughDockerDns()
    {
        var site = CaddySiteGenerator.Generate(SeedApi)!;

        Assert.Equal("""
            api.cheapa.io {
            	reverse_proxy {
            		dynamic a api-web 8000 {
            			refresh 1s
            		}
            		lb_policy round_robin
            		lb_try_duration 15s
            		lb_try_interval 250ms
            	}
            }

            """.Replace("\r\n", "\n"), MarkerGeneratorTests.Body(site));
        Assert.True(GeneratedHeader.IsUnmodifiedGeneratedFile(site));
    }

    [Fact]
    public void WithoutAProcessNamedWebTheFirstWebProcessIsRouted()
    {
        var app = Nasty with { Processes = Nasty.Processes.Where(p => p.Name != "web").ToList() };

        Assert.Contains("dynamic a nasty-admin 9090 {", CaddySiteGenerator.Generate(app));
    }

    [Theory]
    [InlineData("api.example.com {")]
    [InlineData("api example.com")]
    [InlineData("api.example.com#x")]
    public void ADomainThatWouldInjectCaddyfileSyntaxIsRefused(string domain) =>
        Assert.Throws<ArgumentException>(() => CaddySiteGenerator.Generate(SeedApi with { Domain = domain }));

    [Theory]
    [InlineData("seed-api", "api.cheapa.io", "api-web", "8000")]
    [InlineData("nasty", "nasty.localhost", "nasty-web", "8080")]
    public void CaddyAdaptAcceptsTheSite(string model, string host, string upstream, string port)
    {
        using var dir = new TempDirectory();

        var result = ExternalTool.CaddyAdapt(dir.Write("Caddyfile", CaddySiteGenerator.Generate(All[model])!));

        Assert.True(result.ExitCode == 0, $"caddy adapt rejected the {model} site:\n{result}");
        var route = JsonNode.Parse(result.StandardOutput)!["apps"]!["http"]!["servers"]!.AsObject().Single().Value!["routes"]![0]!;
        Assert.Equal(host, route["match"]![0]!["host"]![0]!.GetValue<string>());
        var proxy = route["handle"]![0]!["routes"]![0]!["handle"]![0]!;
        Assert.Equal("reverse_proxy", proxy["handler"]!.GetValue<string>());
        Assert.Equal(upstream, proxy["dynamic_upstreams"]!["name"]!.GetValue<string>());
        Assert.Equal(port, proxy["dynamic_upstreams"]!["port"]!.GetValue<string>());
        Assert.Equal(1_000_000_000L, proxy["dynamic_upstreams"]!["refresh"]!.GetValue<long>());
        Assert.Equal(15_000_000_000L, proxy["load_balancing"]!["try_duration"]!.GetValue<long>());
        Assert.Equal(250_000_000L, proxy["load_balancing"]!["try_interval"]!.GetValue<long>());
    }
}
