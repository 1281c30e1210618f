using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

static class WebMode
{
    // ASP.NET's own command-line settings; anything else is a mistake, not a silent web server.
    static readonly string[] Known = ["urls", "environment", "contentRoot", "applicationName", "http_ports", "https_ports"];

    public static bool TryValidateArgs(string[] args, out string? bad)
    {
        for (var i = 0; i < args.Length; i++)
        {
            bad = args[i];
            if (!bad.StartsWith("--")) return false;
            var key = bad[2..].Split('=', 2)[0];
            // Also allow configuration keys such as --Logging:LogLevel:Default=Debug.
            if (!Known.Contains(key, StringComparer.OrdinalIgnoreCase) && !key.Contains(':')) return false;
            if (!bad.Contains('=')) i++; // "--key value"
        }
        bad = null;
        return true;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        var app = builder.Build();

        var requests = 0L;
        var process = Environment.GetEnvironmentVariable("PROCESS_TYPE") is { Length: > 0 } p ? p : "web";
        int? port = int.TryParse(Environment.GetEnvironmentVariable("PORT"), out var n) ? n : null;

        // Health first and cheap: no counting, no redirects; 503 when asked to be unhealthy (rollback tests).
        app.MapGet("/health", () =>
            Environment.GetEnvironmentVariable("SAMPLE_UNHEALTHY") == "1" || File.Exists("/app/unhealthy")
                ? Results.Text("unhealthy", statusCode: StatusCodes.Status503ServiceUnavailable)
                : Results.Text("ok"));

        app.Use((context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/health")) Interlocked.Increment(ref requests);
            return next(context);
        });

        app.MapGet("/", (IServer server) => Results.Json(new
        {
            app = "api",
            process,
            version = AppVersion.Value,
            replica = Environment.MachineName,
            port,
            urls = server.Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [],
            startedAt = Clock.Iso(Clock.StartedAt),
            requests = Interlocked.Read(ref requests),
        }));

        // Secret tests: the SHA-256 of SAMPLE_SECRET (a SuperDeploySecret), never the value itself; 404 when unset.
        app.MapGet("/secret-check", () =>
            Environment.GetEnvironmentVariable("SAMPLE_SECRET") is { Length: > 0 } secret
                ? Results.Text(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret))))
                : Results.NotFound());

        // In-flight request for drain tests: deliberately not cancelled by shutdown, only by the client.
        app.MapGet("/slow", async (int? ms, CancellationToken aborted) =>
        {
            var wait = Math.Clamp(ms ?? 1000, 0, 10_000);
            await Task.Delay(wait, aborted);
            return Results.Json(new { slept = wait, version = AppVersion.Value, replica = Environment.MachineName });
        });

        app.Lifetime.ApplicationStarted.Register(() =>
            Console.WriteLine($"web: started version={AppVersion.Value} at={Clock.Now()} pid={Environment.ProcessId}"));
        app.Lifetime.ApplicationStopping.Register(() => Console.WriteLine("web: stopping"));

        await app.RunAsync();
        return 0;
    }
}
