// An app with addons. Connection settings come only from the variables SuperDeploy gives an attached addon:
// DB_URL (postgres://user:password@host:port/database) and CACHE_URL (redis://user:password@host:port).
//   (none)      web     - rows in postgres, keys in redis
//   --migrate   release - creates the table, once per deploy, before the web process is updated
using Npgsql;
using StackExchange.Redis;

if (args.Contains("--migrate"))
{
    await using var db = Connections.Postgres();
    await using var create = db.CreateCommand("CREATE TABLE IF NOT EXISTS rows (id serial PRIMARY KEY, value text NOT NULL)");
    await create.ExecuteNonQueryAsync();
    Console.WriteLine($"release: migrated version={AppVersion.Value}");
    return 0;
}

var builder = WebApplication.CreateBuilder(args);
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
builder.Services.AddSingleton(_ => Connections.Postgres());
builder.Services.AddSingleton(_ => Connections.Redis());
var app = builder.Build();

app.MapGet("/health", () => Results.Text("ok"));
app.MapGet("/", () => Results.Json(new { app = "store", version = AppVersion.Value, replica = Environment.MachineName }));

app.MapPost("/rows", async (string value, NpgsqlDataSource db) =>
{
    await using var insert = db.CreateCommand("INSERT INTO rows (value) VALUES ($1)");
    insert.Parameters.AddWithValue(value);
    await insert.ExecuteNonQueryAsync();
    return Results.Ok();
});

app.MapGet("/rows", async (NpgsqlDataSource db) =>
{
    var values = new List<string>();
    await using var select = db.CreateCommand("SELECT value FROM rows ORDER BY id");
    await using var reader = await select.ExecuteReaderAsync();
    while (await reader.ReadAsync()) values.Add(reader.GetString(0));
    return Results.Json(values);
});

app.MapPut("/cache/{key}", async (string key, string value, IConnectionMultiplexer redis) =>
{
    await redis.GetDatabase().StringSetAsync(key, value);
    return Results.Ok();
});

app.MapGet("/cache/{key}", async (string key, IConnectionMultiplexer redis) =>
    await redis.GetDatabase().StringGetAsync(key) is { HasValue: true } value ? Results.Text(value.ToString()) : Results.NotFound());

app.Run();
return 0;

static class Connections
{
    public static NpgsqlDataSource Postgres()
    {
        var url = Url("DB_URL");
        var (user, password) = Credentials(url);
        var settings = new NpgsqlConnectionStringBuilder
        {
            Host = url.Host,
            Port = url.Port,
            Username = user,
            Password = password,
            Database = Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/')),
        };
        return NpgsqlDataSource.Create(settings.ConnectionString);
    }

    public static IConnectionMultiplexer Redis()
    {
        var url = Url("CACHE_URL");
        var (user, password) = Credentials(url);
        var options = new ConfigurationOptions { User = user, Password = password, AbortOnConnectFail = false };
        options.EndPoints.Add(url.Host, url.Port);
        return ConnectionMultiplexer.Connect(options);
    }

    private static Uri Url(string variable) =>
        new(Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{variable} is not set: attach the addon with As in the project file."));

    private static (string User, string Password) Credentials(Uri url)
    {
        var parts = url.UserInfo.Split(':', 2);
        return (Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
    }
}
