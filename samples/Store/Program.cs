// An app with addons. Connection settings come only from the variables SuperDeploy gives an attached addon:
// DB_URL (postgres://user:password@host:port/database), CACHE_URL (redis://user:password@host:port) and
// QUEUE_URL (amqp://user:password@host:port/vhost, the vhost percent-encoded: %2F is "/").
//   (none)      web     - rows in postgres, keys in redis, messages in a durable rabbitmq queue
//   --migrate   release - creates the table, once per deploy, before the web process is updated
using Npgsql;
using RabbitMQ.Client;
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
builder.Services.AddSingleton(_ => new MessageQueue(Connections.RabbitMq()));
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

app.MapPost("/queue", async (string message, MessageQueue queue) =>
{
    await queue.PublishAsync(message);
    return Results.Ok();
});

app.MapGet("/queue", async (MessageQueue queue) =>
    await queue.GetAsync() is { } message ? Results.Text(message) : Results.NotFound());

app.Run();
return 0;

/// <summary>
/// One durable queue: a message is persistent and confirmed by the broker before POST answers, so it outlives a
/// redeploy and a restart of the broker; GET takes one message (acknowledged on delivery).
/// </summary>
sealed class MessageQueue(ConnectionFactory factory)
{
    private const string Name = "store";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    public async Task PublishAsync(string message)
    {
        await using var channel = await ChannelAsync(confirm: true);
        var properties = new BasicProperties { Persistent = true };
        await channel.BasicPublishAsync("", Name, mandatory: true, properties, System.Text.Encoding.UTF8.GetBytes(message));
    }

    public async Task<string?> GetAsync()
    {
        await using var channel = await ChannelAsync(confirm: false);
        var result = await channel.BasicGetAsync(Name, autoAck: true);
        return result is null ? null : System.Text.Encoding.UTF8.GetString(result.Body.Span);
    }

    private async Task<IChannel> ChannelAsync(bool confirm)
    {
        await _gate.WaitAsync();
        try
        {
            _connection ??= await factory.CreateConnectionAsync("store");
        }
        finally
        {
            _gate.Release();
        }
        var channel = await _connection.CreateChannelAsync(new CreateChannelOptions(confirm, confirm));
        await channel.QueueDeclareAsync(Name, durable: true, exclusive: false, autoDelete: false);
        return channel;
    }
}

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

    public static ConnectionFactory RabbitMq()
    {
        var url = Url("QUEUE_URL");
        var (user, password) = Credentials(url);
        return new ConnectionFactory
        {
            HostName = url.Host,
            Port = url.Port,
            UserName = user,
            Password = password,
            VirtualHost = Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/')),
        };
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
