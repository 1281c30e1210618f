using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SuperDeploy.Agent;

namespace SuperDeploy.Tests.Agent;

/// <summary>`forward`: the TCP relay SuperDeployTunnel runs on the project network, as a real process against real sockets.</summary>
public sealed class ForwardTests
{
    [Theory]
    [InlineData("forward")]
    [InlineData("forward", "5432")]
    [InlineData("forward", "5432", "db")]
    [InlineData("forward", "5432", "db:")]
    [InlineData("forward", "5432", ":5432")]
    [InlineData("forward", "5432", "db:0")]
    [InlineData("forward", "5432", "db:65536")]
    [InlineData("forward", "x", "db:5432")]
    [InlineData("forward", "70000", "db:5432")]
    [InlineData("forward", "5432", "db:5432", "extra")]
    public async Task Bad_arguments_print_usage_and_exit_2(params string[] args)
    {
        var stderr = new StringWriter();

        int code = await Program.RunAsync(args, new StringWriter(), stderr, CancellationToken.None);

        Assert.Equal(2, code);
        Assert.Contains("forward: expected <listen-port> <host>:<port>", stderr.ToString());
    }

    [Theory]
    [InlineData("databases-primary:5432", "databases-primary", 5432)]
    [InlineData("127.0.0.1:1", "127.0.0.1", 1)]
    [InlineData("[::1]:6379", "::1", 6379)]
    public void Targets_parse(string text, string host, int port)
    {
        Assert.True(TcpForwarder.TryParseTarget(text, out var parsedHost, out var parsedPort));
        Assert.Equal((host, port), (parsedHost, parsedPort));
    }

    [Fact]
    public async Task Many_concurrent_connections_each_get_their_own_answer_after_a_half_close()
    {
        // The server answers only after the client's FIN: a relay that does not pass the half-close on hangs here.
        using var server = new AnsweringServer();
        using var agent = ForwardingAgent.Start(server.Port);

        var clients = Enumerable.Range(0, 40).Select(async i =>
        {
            var payload = Encoding.ASCII.GetBytes($"request {i} " + new string('x', i * 3000));
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, agent.Port);
            var stream = client.GetStream();
            await stream.WriteAsync(payload);
            client.Client.Shutdown(SocketShutdown.Send);
            var answer = await ReadToEndAsync(stream);
            return (Expected: AnsweringServer.Answer(payload), Actual: answer);
        }).ToArray();

        foreach (var (expected, actual) in await Task.WhenAll(clients).WaitAsync(AgentHost.Patience))
            Assert.Equal(expected, actual);
        Assert.Equal(40, server.Served);
    }

    [Fact]
    public async Task The_server_may_speak_first_and_close_first_while_the_client_still_sends()
    {
        using var server = new AnsweringServer(greeting: "hello\n");
        using var agent = ForwardingAgent.Start(server.Port);

        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, agent.Port);
        var stream = client.GetStream();
        Assert.Equal("hello\n", Encoding.ASCII.GetString(await ReadToEndAsync(stream)));

        // The server's FIN reached the client; the client's half is still open and what it sends still arrives.
        await stream.WriteAsync("late"u8.ToArray());
        client.Client.Shutdown(SocketShutdown.Send);
        Assert.Equal("late", Encoding.ASCII.GetString(await server.Received.Task.WaitAsync(AgentHost.Patience)));
    }

    [Fact]
    public async Task A_target_that_refuses_closes_the_client_and_the_relay_keeps_serving()
    {
        int closedPort = FreePort();
        using var agent = ForwardingAgent.Start(closedPort);

        Assert.Empty(await ConnectAndReadAsync(agent.Port));
        Assert.Contains(await agent.NextLineAsync(), l => l.Contains($"connect to 127.0.0.1:{closedPort} failed"));
        Assert.Empty(await ConnectAndReadAsync(agent.Port));
        Assert.Contains(await agent.NextLineAsync(), l => l.Contains($"connect to 127.0.0.1:{closedPort} failed"));
        Assert.False(agent.Process.HasExited);
    }

    /// <summary>What a client gets before the relay closes it; the relay's reset may even beat the end of the client's connect.</summary>
    private static async Task<byte[]> ConnectAndReadAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return [];
        }
        return await ReadToEndAsync(client.GetStream());
    }

    [Fact]
    public async Task Sigterm_closes_open_connections_and_exits_0()
    {
        using var server = new AnsweringServer();
        using var agent = ForwardingAgent.Start(server.Port);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, agent.Port);
        await client.GetStream().WriteAsync("pending"u8.ToArray());

        ChildProcess.SendSignal(agent.Process.Id, 15);
        await agent.Process.WaitForExitAsync().WaitAsync(AgentHost.Patience);

        Assert.Equal(0, agent.Process.ExitCode);
        Assert.Contains(await agent.NextLineAsync(), l => l == "superdeploy-forward: stopped");
        // The open connection was closed by the relay, not left hanging.
        await ReadToEndAsync(client.GetStream()).WaitAsync(AgentHost.Patience);
    }

    private static async Task<byte[]> ReadToEndAsync(NetworkStream stream)
    {
        var buffer = new MemoryStream();
        try
        {
            await stream.CopyToAsync(buffer).WaitAsync(AgentHost.Patience);
        }
        catch (IOException)
        {
            // A reset ends the stream too.
        }
        return buffer.ToArray();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>`dotnet SuperDeploy.Agent.dll forward 0 127.0.0.1:PORT`, with the port it listens on read from its first line.</summary>
    private sealed class ForwardingAgent : IDisposable
    {
        private readonly BlockingCollection<string> _lines = new();

        private ForwardingAgent(Process process)
        {
            Process = process;
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) _lines.Add(e.Data); };
            process.BeginOutputReadLine();
        }

        public Process Process { get; }

        public int Port { get; private set; }

        public static ForwardingAgent Start(int targetPort)
        {
            var agent = new ForwardingAgent(AgentHost.Start(new Dictionary<string, string?>(), "forward", "0", $"127.0.0.1:{targetPort}"));
            using var patience = new CancellationTokenSource(AgentHost.Patience);
            var first = agent._lines.Take(patience.Token);
            var prefix = "superdeploy-forward: listening on port ";
            Assert.StartsWith(prefix, first);
            Assert.EndsWith($", forwarding to 127.0.0.1:{targetPort}", first);
            agent.Port = int.Parse(first[prefix.Length..first.IndexOf(',')]);
            return agent;
        }

        /// <summary>Lines printed so far and up to the next one (the process may already have printed it).</summary>
        public async Task<List<string>> NextLineAsync()
        {
            var seen = new List<string>();
            using var patience = new CancellationTokenSource(AgentHost.Patience);
            await Task.Run(() =>
            {
                seen.Add(_lines.Take(patience.Token));
                while (_lines.TryTake(out var more)) seen.Add(more);
            });
            return seen;
        }

        public void Dispose()
        {
            if (!Process.HasExited) Process.Kill();
            Process.Dispose();
        }
    }

    /// <summary>Reads a request to its end (the client's FIN), answers `served N: ` + the request, closes.</summary>
    private sealed class AnsweringServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private int _served;

        public AnsweringServer(string? greeting = null)
        {
            _listener.Start();
            _ = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    TcpClient client;
                    try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
                    catch (Exception) { return; }
                    _ = Task.Run(async () =>
                    {
                        using (client)
                        {
                            var stream = client.GetStream();
                            if (greeting is not null)
                            {
                                await stream.WriteAsync(Encoding.ASCII.GetBytes(greeting));
                                client.Client.Shutdown(SocketShutdown.Send);
                            }
                            var request = new MemoryStream();
                            await stream.CopyToAsync(request);
                            Interlocked.Increment(ref _served);
                            Received.TrySetResult(request.ToArray());
                            if (greeting is null)
                            {
                                await stream.WriteAsync(Answer(request.ToArray()));
                                client.Client.Shutdown(SocketShutdown.Send);
                            }
                        }
                    });
                }
            });
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Served => Volatile.Read(ref _served);

        /// <summary>The first request read to its end.</summary>
        public TaskCompletionSource<byte[]> Received { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public static byte[] Answer(byte[] request) => [.. "answer:"u8.ToArray(), .. request];

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }
    }
}
