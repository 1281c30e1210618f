// One image, four processes. A mode flag (at most one) picks what this process is:
//   (none)      web     - HTTP API (WebMode.cs)
//   --worker    worker  - background loop until SIGTERM (WorkerMode.cs)
//   --migrate   release - runs once per deploy, before web/worker are updated (ReleaseMode.cs)
//   --tick      cron    - one scheduled run, then exit (CronMode.cs)
// Exit code 2 means the command line was wrong.

string[] modes = ["--worker", "--migrate", "--tick"];
var chosen = args.Where(modes.Contains).Distinct().ToArray();
if (chosen.Length > 1)
    return Usage($"pick one of {string.Join(", ", chosen)}");

return chosen.FirstOrDefault() switch
{
    "--worker" => args.Length == 1 ? await WorkerMode.RunAsync() : Usage("--worker takes no other arguments"),
    "--migrate" => args.Length == 1 ? ReleaseMode.Run() : Usage("--migrate takes no other arguments"),
    "--tick" => CronMode.TryParseSleep(args, out var sleep) ? await CronMode.RunAsync(sleep) : Usage("usage: --tick [--sleep <seconds>]"),
    _ => WebMode.TryValidateArgs(args, out var bad) ? await WebMode.RunAsync(args) : Usage($"unknown argument '{bad}'"),
};

static int Usage(string message)
{
    Console.Error.WriteLine($"api: {message}");
    return 2;
}

static class Clock
{
    /// <summary>When this process started (UTC), as the OS recorded it.</summary>
    public static readonly DateTime StartedAt = System.Diagnostics.Process.GetCurrentProcess().StartTime.ToUniversalTime();

    /// <summary>ISO-8601 UTC, e.g. 2025-01-31T12:00:00.0000000Z.</summary>
    public static string Iso(DateTime utc) => utc.ToString("O");

    public static string Now() => Iso(DateTime.UtcNow);
}
