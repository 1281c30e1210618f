// Steady-state load, then load until a stop file appears (while the script redeploys), both through the same edge
// with the same client; prints the benchmark rows. Usage:
//   LoadBench <url> <host> <steady-requests> <ready-file> <stop-file>
using System.Globalization;
using SuperDeploy.Tests.EndToEnd;

if (args.Length != 5)
{
    Console.Error.WriteLine("usage: LoadBench <url> <host> <steady-requests> <ready-file> <stop-file>");
    return 2;
}
var (url, host, steadyCount, ready, stopFile) = (new Uri(args[0]), args[1], int.Parse(args[2], CultureInfo.InvariantCulture), args[3], args[4]);
var limit = TimeSpan.FromMinutes(8);

using var client = new LoadClient(url, host, workers: 2);
var steady = await client.RunAsync(steadyCount, limit);
Console.Error.WriteLine("steady state: " + steady.Summary);
if (steady.Failed > 0)
{
    Console.Error.WriteLine("requests fail before the redeploy: " + string.Join("; ", steady.Errors.Take(5)));
    return 1;
}

using var stop = new CancellationTokenSource();
var during = client.RunAsync(1_000_000, limit, stop.Token);
File.WriteAllText(ready, "");
while (!File.Exists(stopFile) && !during.IsCompleted) await Task.Delay(100);
stop.Cancel();
var report = await during;
Console.Error.WriteLine("during the redeploy: " + report.Summary);
foreach (var error in report.Errors.Take(10)) Console.Error.WriteLine("  " + error);

string Ms(double v) => v.ToString("0.0", CultureInfo.InvariantCulture) + " ms";
var ratio = report.Percentile(99) / steady.Percentile(99);
Console.WriteLine($"| failed requests during a redeploy under load (2 clients through Caddy, 2 web replicas) | {report.Failed} of {report.Total} | 0 |");
Console.WriteLine($"| p99 latency during the redeploy / steady state | {Ms(report.Percentile(99))} / {Ms(steady.Percentile(99))} = {ratio.ToString("0.00", CultureInfo.InvariantCulture)} | ≤ 2 |");
Console.WriteLine($"| p50 latency during the redeploy / steady state (for reference) | {Ms(report.Percentile(50))} / {Ms(steady.Percentile(50))} | |");
Console.WriteLine($"| versions answering during the redeploy | {string.Join(", ", report.Versions.OrderBy(v => v.Key).Select(v => $"{v.Key}: {v.Value}"))} | old, then new |");
return 0;
