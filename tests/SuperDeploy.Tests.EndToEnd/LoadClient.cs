using System.Diagnostics;
using System.Text.Json;

namespace SuperDeploy.Tests.EndToEnd;

/// <summary>
/// A steady stream of GET requests to one URL with a Host header (through Caddy to an app), from a few workers, each
/// request's outcome and latency recorded. Bounded by a request count AND a duration, and stoppable. A request fails
/// on a transport error, a timeout or a non-2xx status. Used by the end-to-end tests and build/bench (no xunit here).
/// </summary>
public sealed class LoadClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly string _host;
    private readonly int _workers;
    private readonly TimeSpan _pause;
    private int _completed;

    /// <param name="workers">Concurrent sequential workers (1 to 4).</param>
    /// <param name="pause">Wait between one worker's requests, to keep the load steady rather than saturating two cores.</param>
    public LoadClient(Uri url, string host, int workers = 2, TimeSpan? pause = null, TimeSpan? requestTimeout = null)
    {
        if (workers is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(workers), workers, "1 to 4 workers");
        _url = url;
        _host = host;
        _workers = workers;
        _pause = pause ?? TimeSpan.FromMilliseconds(10);
        // Fresh connections are the edge's business; keep-alive to Caddy is what a browser does.
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), UseProxy = false })
        {
            Timeout = requestTimeout ?? TimeSpan.FromSeconds(20),
        };
    }

    /// <summary>Requests finished so far by the current run (for "at least N requests" waits).</summary>
    public int Completed => Volatile.Read(ref _completed);

    /// <summary>Runs until <paramref name="maxRequests"/> requests were sent, <paramref name="maxDuration"/> passed, or <paramref name="stop"/> fires.</summary>
    public async Task<LoadReport> RunAsync(int maxRequests, TimeSpan maxDuration, CancellationToken stop = default)
    {
        var results = new List<RequestResult>();
        var sent = 0;
        Volatile.Write(ref _completed, 0);
        var clock = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        deadline.CancelAfter(maxDuration);

        async Task Worker()
        {
            while (!deadline.IsCancellationRequested && Interlocked.Increment(ref sent) <= maxRequests)
            {
                var result = await SendAsync(clock).ConfigureAwait(false);
                lock (results) results.Add(result);
                Interlocked.Increment(ref _completed);
                try
                {
                    await Task.Delay(_pause, deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, _workers).Select(_ => Task.Run(Worker))).ConfigureAwait(false);
        lock (results) return new LoadReport(results.OrderBy(r => r.StartedAt).ToArray(), clock.Elapsed);
    }

    /// <summary>Starts <see cref="RunAsync"/> in the background; dispose the handle (or call StopAsync) to end it.</summary>
    public LoadRun Start(int maxRequests, TimeSpan maxDuration)
    {
        var stop = new CancellationTokenSource();
        return new LoadRun(RunAsync(maxRequests, maxDuration, stop.Token), stop);
    }

    private async Task<RequestResult> SendAsync(Stopwatch clock)
    {
        var started = clock.Elapsed;
        var watch = Stopwatch.StartNew();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, _url);
            request.Headers.Host = _host;
            // Not the run's token: a request in flight when the run stops finishes and counts.
            using var response = await _http.SendAsync(request).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            watch.Stop();
            if (!response.IsSuccessStatusCode)
                return new RequestResult(started, watch.Elapsed, false, null, $"{(int)response.StatusCode} {Trim(body)}");
            return new RequestResult(started, watch.Elapsed, true, VersionOf(body), null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            watch.Stop();
            return new RequestResult(started, watch.Elapsed, false, null, e.GetType().Name + ": " + e.Message);
        }
    }

    private static string? VersionOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("version", out var v) ? v.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Trim(string text) => text.Length <= 200 ? text : text[..200] + "...";

    public void Dispose() => _http.Dispose();
}

/// <summary>A background load run.</summary>
public sealed class LoadRun(Task<LoadReport> run, CancellationTokenSource stop) : IDisposable
{
    public async Task<LoadReport> StopAsync()
    {
        stop.Cancel();
        return await run.ConfigureAwait(false);
    }

    public void Dispose()
    {
        stop.Cancel();
        stop.Dispose();
    }
}

/// <param name="StartedAt">Since the run started.</param>
/// <param name="Version">The `version` field of a JSON answer (samples/Api), if any.</param>
public sealed record RequestResult(TimeSpan StartedAt, TimeSpan Latency, bool Ok, string? Version, string? Error);

/// <summary>What a load run saw: every request in start order, failures, latency percentiles, versions answering.</summary>
public sealed record LoadReport(IReadOnlyList<RequestResult> Requests, TimeSpan Elapsed)
{
    public int Total => Requests.Count;

    public int Failed => Requests.Count(r => !r.Ok);

    public IEnumerable<string> Errors => Requests.Where(r => !r.Ok).Select(r => $"{r.StartedAt.TotalSeconds:0.000} s: {r.Error}");

    /// <summary>Nearest-rank percentile of the latencies of all requests (failed ones included), in milliseconds.</summary>
    public double Percentile(double p)
    {
        if (Requests.Count == 0) return double.NaN;
        var sorted = Requests.Select(r => r.Latency.TotalMilliseconds).Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>How many answers each version gave, e.g. {v1: 812, v2: 1390}.</summary>
    public IReadOnlyDictionary<string, int> Versions =>
        Requests.Where(r => r.Ok && r.Version is not null).GroupBy(r => r.Version!).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>The version of the last successful answer.</summary>
    public string? LastVersion => Requests.LastOrDefault(r => r.Ok)?.Version;

    public string Summary =>
        $"{Total} requests in {Elapsed.TotalSeconds:0.0} s, {Failed} failed; latency p50 {Percentile(50):0.0} ms, p99 {Percentile(99):0.0} ms, max {Percentile(100):0.0} ms; "
        + "versions " + string.Join(", ", Versions.OrderBy(v => v.Key).Select(v => $"{v.Key}={v.Value}"));
}
