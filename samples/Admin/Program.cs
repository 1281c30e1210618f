// The smallest web app SuperDeploy can run: one web process, a health check and a JSON root.
var builder = WebApplication.CreateBuilder(args);
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
var app = builder.Build();

app.MapGet("/health", () =>
    Environment.GetEnvironmentVariable("SAMPLE_UNHEALTHY") == "1" || File.Exists("/app/unhealthy")
        ? Results.Text("unhealthy", statusCode: StatusCodes.Status503ServiceUnavailable)
        : Results.Text("ok"));

app.MapGet("/", () => Results.Json(new { app = "admin", version = AppVersion.Value, replica = Environment.MachineName }));

app.Lifetime.ApplicationStarted.Register(() =>
    Console.WriteLine($"web: started version={AppVersion.Value} at={DateTime.UtcNow:O} pid={Environment.ProcessId}"));
app.Lifetime.ApplicationStopping.Register(() => Console.WriteLine("web: stopping"));

app.Run();
