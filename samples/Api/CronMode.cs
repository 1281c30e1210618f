using System.Globalization;

static class CronMode
{
    // "--tick [--sleep <seconds>]": --sleep makes a run outlast its schedule (no-overlap tests).
    public static bool TryParseSleep(string[] args, out double seconds)
    {
        seconds = 0;
        var rest = args.Where(a => a != "--tick").ToArray();
        return rest.Length == 0
            || (rest.Length == 2 && rest[0] == "--sleep"
                && double.TryParse(rest[1], NumberStyles.Float, CultureInfo.InvariantCulture, out seconds) && seconds >= 0);
    }

    public static async Task<int> RunAsync(double sleepSeconds)
    {
        Console.WriteLine($"cron: tick version={AppVersion.Value} at={Clock.Now()}");
        if (sleepSeconds > 0) await Task.Delay(TimeSpan.FromSeconds(sleepSeconds));
        Console.WriteLine($"cron: done version={AppVersion.Value} at={Clock.Now()}");
        return 0;
    }
}
