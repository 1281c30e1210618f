using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SuperDeploy.Tests.Agent;

/// <summary>
/// A loopback HTTP/1.1 server on a random port that answers every request with one canned response, or
/// never answers (<c>null</c>), or closes the connection without a word (empty string). Records each request head.
/// </summary>
internal sealed class TestHttpServer : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource closing = new();
    private readonly string? response;

    public TestHttpServer(string? response)
    {
        this.response = response;
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _ = AcceptAsync();
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/health";

    public ConcurrentQueue<string> Requests { get; } = new();

    public static string Reply(int status, string reason, string extraHeaders = "") =>
        $"HTTP/1.1 {status} {reason}\r\nContent-Length: 0\r\nConnection: close\r\n{extraHeaders}\r\n";

    /// <summary>A port on 127.0.0.1 where nothing listens (bound, then released).</summary>
    public static int ClosedPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public void Dispose()
    {
        closing.Cancel();
        listener.Stop();
    }

    private async Task AcceptAsync()
    {
        while (!closing.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(closing.Token);
            }
            catch (Exception)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                NetworkStream stream = client.GetStream();
                var head = new StringBuilder();
                var buffer = new byte[4096];
                while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    int read = await stream.ReadAsync(buffer, closing.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    head.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                Requests.Enqueue(head.ToString());
                if (response is null)
                {
                    await Task.Delay(Timeout.Infinite, closing.Token);
                }

                await stream.WriteAsync(Encoding.ASCII.GetBytes(response!), closing.Token);
            }
            catch (Exception) when (closing.IsCancellationRequested)
            {
            }
        }
    }
}
