using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace SuperDeploy.Agent
{
    /// <summary>
    /// `forward &lt;listen-port&gt; &lt;host&gt;:&lt;port&gt;`: a TCP relay. Each accepted connection gets its own connection
    /// to the target (the name is resolved again each time, so a restarted addon with a new address is found) and bytes
    /// are copied both ways. When one side finishes sending, the other side's sending half is shut down (half-close), so
    /// protocols that end with a FIN in one direction still get their answer; a reset or error closes both.
    /// This is how SuperDeployTunnel reaches an addon on the overlay network, which the VM host cannot route to.
    /// </summary>
    internal sealed class TcpForwarder
    {
        private const int BufferSize = 64 * 1024;

        private readonly int _listenPort;
        private readonly string _host;
        private readonly int _port;
        private readonly TextWriter _log;
        private readonly ConcurrentDictionary<int, Socket> _open = new();
        private int _nextId;

        public TcpForwarder(int listenPort, string host, int port, TextWriter log)
        {
            _listenPort = listenPort;
            _host = host;
            _port = port;
            _log = log;
        }

        /// <summary>`host:port` or `[v6]:port` with a port from 1 to 65535.</summary>
        public static bool TryParseTarget(string text, out string host, out int port)
        {
            host = string.Empty;
            port = 0;
            int colon = text.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port < 1 || port > 65535)
            {
                return false;
            }

            host = text[..colon];
            if (host.StartsWith('[') && host.EndsWith(']'))
            {
                host = host[1..^1];
            }

            return host.Length > 0 && !host.Contains(' ');
        }

        /// <summary>Accepts until <paramref name="stopping"/>; then closes every open connection and returns.</summary>
        public async Task RunAsync(CancellationToken stopping)
        {
            using Socket listener = Listen(_listenPort);
            int actual = ((IPEndPoint)listener.LocalEndPoint!).Port;
            Log($"listening on port {actual.ToString(CultureInfo.InvariantCulture)}, forwarding to {_host}:{_port.ToString(CultureInfo.InvariantCulture)}");

            using (stopping.Register(listener.Dispose))
            {
                while (!stopping.IsCancellationRequested)
                {
                    Socket client;
                    try
                    {
                        client = await listener.AcceptAsync(stopping).ConfigureAwait(false);
                    }
                    catch (Exception e) when (stopping.IsCancellationRequested && e is OperationCanceledException or ObjectDisposedException or SocketException)
                    {
                        break;
                    }
                    catch (SocketException e)
                    {
                        Log("accept failed: " + e.Message);
                        continue;
                    }

                    _ = RelayAsync(client, stopping);
                }
            }

            foreach (Socket socket in _open.Values)
            {
                Abort(socket);
            }

            Log("stopped");
        }

        /// <summary>Every address, IPv4 and IPv6 (only IPv4 where the kernel has no IPv6).</summary>
        private static Socket Listen(int port)
        {
            Socket socket;
            try
            {
                socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
                socket.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressFamilyNotSupported or SocketError.AddressNotAvailable)
            {
                socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Any, port));
            }

            socket.Listen(512);
            return socket;
        }

        private async Task RelayAsync(Socket client, CancellationToken stopping)
        {
            int clientId = Interlocked.Increment(ref _nextId);
            int upstreamId = Interlocked.Increment(ref _nextId);
            _open[clientId] = client;
            var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp);
            _open[upstreamId] = upstream;
            try
            {
                client.NoDelay = true;
                upstream.NoDelay = true;
                try
                {
                    await upstream.ConnectAsync(_host, _port, stopping).ConfigureAwait(false);
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException)
                {
                    Log($"connect to {_host}:{_port.ToString(CultureInfo.InvariantCulture)} failed: {e.Message}");
                    Abort(client);
                    return;
                }

                Task up = PumpAsync(client, upstream);
                Task down = PumpAsync(upstream, client);
                await Task.WhenAll(up, down).ConfigureAwait(false);
            }
            finally
            {
                _open.TryRemove(clientId, out _);
                _open.TryRemove(upstreamId, out _);
                client.Dispose();
                upstream.Dispose();
            }
        }

        /// <summary>Copies until <paramref name="from"/> has sent everything, then half-closes <paramref name="to"/>.</summary>
        private static async Task PumpAsync(Socket from, Socket to)
        {
            byte[] buffer = new byte[BufferSize];
            try
            {
                while (true)
                {
                    int read = await from.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).ConfigureAwait(false);
                    if (read == 0)
                    {
                        to.Shutdown(SocketShutdown.Send);
                        return;
                    }

                    int sent = 0;
                    while (sent < read)
                    {
                        sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // A reset on either side ends the pair: the other direction must not wait for data that never comes.
                Abort(from);
                Abort(to);
            }
        }

        /// <summary>Closes at once with a reset (linger 0), so the peer learns the relay is gone.</summary>
        private static void Abort(Socket socket)
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Already closed.
            }

            socket.Dispose();
        }

        private void Log(string text)
        {
            lock (_log)
            {
                _log.WriteLine("superdeploy-forward: " + text);
                _log.Flush();
            }
        }
    }
}
