using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SuperDeploy.Agent;

namespace SuperDeploy.Tests.Agent;

public sealed class HealthProbeTests
{
    [Fact]
    public async Task Http_200_is_healthy()
    {
        using var server = new TestHttpServer(TestHttpServer.Reply(200, "OK"));

        var (code, stdout, _) = await Agent("health", server.Url);

        Assert.Equal(0, code);
        Assert.Equal("HTTP 200 OK", stdout);
    }

    [Fact]
    public async Task Http_503_is_unhealthy_and_says_so()
    {
        using var server = new TestHttpServer(TestHttpServer.Reply(503, "Service Unavailable"));

        var (code, stdout, _) = await Agent("health", server.Url);

        Assert.Equal(1, code);
        Assert.Equal("HTTP 503 Service Unavailable", stdout);
    }

    [Fact]
    public async Task Http_400_from_host_filtering_is_unhealthy()
    {
        using var server = new TestHttpServer(TestHttpServer.Reply(400, "Bad Request"));

        var (code, _, _) = await Agent("health", server.Url);

        Assert.Equal(1, code);
    }

    [Fact]
    public async Task Http_301_is_healthy_and_the_redirect_is_not_followed()
    {
        using var target = new TestHttpServer(TestHttpServer.Reply(200, "OK"));
        using var server = new TestHttpServer(TestHttpServer.Reply(301, "Moved Permanently", $"Location: http://127.0.0.1:{target.Port}/elsewhere\r\n"));

        var (code, stdout, _) = await Agent("health", server.Url);

        Assert.Equal(0, code);
        Assert.StartsWith("HTTP 301 Moved Permanently (redirect to ", stdout);
        Assert.Single(server.Requests);
        Assert.Empty(target.Requests);
    }

    [Fact]
    public async Task Sends_the_urls_own_host_and_path()
    {
        using var server = new TestHttpServer(TestHttpServer.Reply(204, "No Content"));

        await Agent("health", server.Url);

        string request = Assert.Single(server.Requests);
        Assert.StartsWith("GET /health HTTP/1.1\r\n", request);
        Assert.Contains($"\r\nHost: 127.0.0.1:{server.Port}\r\n", request);
    }

    [Fact]
    public async Task Host_option_overrides_the_host_header()
    {
        using var server = new TestHttpServer(TestHttpServer.Reply(200, "OK"));

        await Agent("health", "--host", "app.example.com", server.Url);

        Assert.Contains("\r\nHost: app.example.com\r\n", Assert.Single(server.Requests));
    }

    [Fact]
    public async Task Connection_refused_is_unhealthy()
    {
        int port = TestHttpServer.ClosedPort();

        var (code, stdout, _) = await Agent("health", $"http://127.0.0.1:{port}/");

        Assert.Equal(1, code);
        Assert.Equal($"GET http://127.0.0.1:{port}/ failed: Connection refused", stdout);
    }

    [Fact]
    public async Task Connection_closed_without_a_response_is_unhealthy()
    {
        using var server = new TestHttpServer(string.Empty);

        var (code, stdout, _) = await Agent("health", server.Url);

        Assert.Equal(1, code);
        Assert.StartsWith($"GET {server.Url} failed: ", stdout);
    }

    [Fact]
    public async Task A_server_that_never_answers_is_unhealthy_within_the_timeout()
    {
        using var server = new TestHttpServer(response: null);
        var clock = Stopwatch.StartNew();

        var (code, stdout, _) = await Agent("health", "--timeout", "1", server.Url);

        clock.Stop();
        Assert.Equal(1, code);
        Assert.Equal($"GET {server.Url} got no response within 1 s", stdout);
        Assert.Single(server.Requests);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}, the hard timeout is 1 s");
    }

    [Fact]
    public async Task Tcp_connect_is_healthy_when_something_listens()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;

            var (code, stdout, _) = await Agent("health", $"tcp://127.0.0.1:{port}");

            Assert.Equal(0, code);
            Assert.Equal($"TCP connect to 127.0.0.1:{port} succeeded", stdout);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task Tcp_connect_refused_is_unhealthy()
    {
        int port = TestHttpServer.ClosedPort();

        var (code, stdout, _) = await Agent("health", $"tcp://127.0.0.1:{port}");

        Assert.Equal(1, code);
        Assert.Equal($"TCP connect to 127.0.0.1:{port} failed: Connection refused", stdout);
    }

    [Theory]
    [InlineData("health")]
    [InlineData("health", "https://127.0.0.1:8443/health")]
    [InlineData("health", "ftp://127.0.0.1/")]
    [InlineData("health", "tcp://127.0.0.1")]
    [InlineData("health", "/health")]
    [InlineData("health", "http://127.0.0.1:1/", "--timeout")]
    [InlineData("health", "http://127.0.0.1:1/", "--timeout", "0")]
    [InlineData("health", "http://127.0.0.1:1/", "--timeout", "soon")]
    [InlineData("health", "http://127.0.0.1:1/", "--retries", "3")]
    [InlineData("health", "http://127.0.0.1:1/", "http://127.0.0.1:2/")]
    public async Task Bad_health_arguments_are_a_usage_error(params string[] args)
    {
        var (code, stdout, stderr) = await Agent(args);

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("usage:", stderr);
    }

    internal static async Task<(int Code, string Stdout, string Stderr)> Agent(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await Program.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString().Trim(), stderr.ToString());
    }
}
