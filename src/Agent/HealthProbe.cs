using System;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace SuperDeploy.Agent
{
    /// <summary>Outcome of one probe: the exit code follows <see cref="Healthy"/>, the message is Docker's health log line.</summary>
    internal readonly record struct ProbeResult(bool Healthy, string Message);

    /// <summary>
    /// The container health check: one HTTP GET or TCP connect with a hard deadline. It uses the target exactly
    /// as given, so `http://127.0.0.1:8000/health` is sent with `Host: 127.0.0.1:8000`; an app whose AllowedHosts
    /// rejects that can be probed with an explicit Host header instead.
    /// </summary>
    internal static class HealthProbe
    {
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);

        /// <summary>Accepts `http://host:port/path` and `tcp://host:port`; anything else is a usage error.</summary>
        public static bool TryParseTarget(string text, out Uri target, out string error)
        {
            error = string.Empty;
            if (!Uri.TryCreate(text, UriKind.Absolute, out target!))
            {
                error = $"not an absolute URL: '{text}'";
                return false;
            }

            if (target.Scheme == "tcp" && (target.IsDefaultPort || target.Port <= 0))
            {
                error = $"a tcp target needs a port: '{text}'";
                return false;
            }

            if (target.Scheme != Uri.UriSchemeHttp && target.Scheme != "tcp")
            {
                error = $"unsupported scheme '{target.Scheme}' (use http:// or tcp://): '{text}'";
                return false;
            }

            return true;
        }

        public static Task<ProbeResult> CheckAsync(Uri target, TimeSpan timeout, string? hostHeader = null) =>
            target.Scheme == "tcp" ? ConnectAsync(target, timeout) : GetAsync(target, timeout, hostHeader);

        private static async Task<ProbeResult> GetAsync(Uri target, TimeSpan timeout, string? hostHeader)
        {
            using var deadline = new CancellationTokenSource(timeout);
            using var handler = new SocketsHttpHandler
            {
                UseProxy = false,
                // A redirect (typically to HTTPS) already proves the app answers; following it would probe something else.
                AllowAutoRedirect = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.None,
            };
            using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
            using var request = new HttpRequestMessage(HttpMethod.Get, target);
            request.Headers.ConnectionClose = true;
            request.Headers.TryAddWithoutValidation("User-Agent", "SuperDeploy.Agent");
            if (hostHeader is not null)
            {
                request.Headers.Host = hostHeader;
            }

            try
            {
                using HttpResponseMessage response = await client
                    .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token)
                    .ConfigureAwait(false);
                int status = (int)response.StatusCode;
                bool healthy = status >= 200 && status < 400;
                string line = $"HTTP {status} {response.ReasonPhrase}".TrimEnd();
                if (status >= 300 && status < 400 && response.Headers.Location is { } location)
                {
                    line += $" (redirect to {location} not followed)";
                }

                return new ProbeResult(healthy, line);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                return new ProbeResult(false, $"GET {target} got no response within {Seconds(timeout)} s");
            }
            catch (Exception ex) when (ex is HttpRequestException or SocketException or System.IO.IOException)
            {
                return new ProbeResult(false, $"GET {target} failed: {Reason(ex)}");
            }
        }

        private static async Task<ProbeResult> ConnectAsync(Uri target, TimeSpan timeout)
        {
            string endpoint = $"{target.Host}:{target.Port.ToString(CultureInfo.InvariantCulture)}";
            using var deadline = new CancellationTokenSource(timeout);
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(target.DnsSafeHost, target.Port, deadline.Token).ConfigureAwait(false);
                return new ProbeResult(true, $"TCP connect to {endpoint} succeeded");
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                return new ProbeResult(false, $"TCP connect to {endpoint} did not complete within {Seconds(timeout)} s");
            }
            catch (SocketException ex)
            {
                return new ProbeResult(false, $"TCP connect to {endpoint} failed: {ex.Message}");
            }
        }

        /// <summary>The most specific message: HttpRequestException often wraps the useful one.</summary>
        private static string Reason(Exception ex)
        {
            while (ex.InnerException is not null)
            {
                ex = ex.InnerException;
            }

            return ex.Message;
        }

        private static string Seconds(TimeSpan timeout) => timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
    }
}
