using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SuperDeploy.Model;

/// <summary>
/// The contents of an addon's secrets. The deploy calls these with the password in memory and passes the result only
/// on the standard input of `docker secret create`; nothing here is ever logged or written to a file.
/// </summary>
public static class AddonCredentials
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>32 characters of [A-Za-z0-9] from a cryptographic generator (about 190 bits): safe in URLs, configs and shells as is.</summary>
    public static string NewPassword()
    {
        var password = new StringBuilder(32);
        using var random = RandomNumberGenerator.Create();
        var buffer = new byte[1];
        while (password.Length < 32)
        {
            random.GetBytes(buffer);
            // 62 * 4 = 248: rejecting 248..255 keeps every character equally likely.
            if (buffer[0] < 248) password.Append(Alphabet[buffer[0] % 62]);
        }

        return password.ToString();
    }

    /// <summary>
    /// Every Swarm secret of an addon with its content, in the order to create them: the password, the URL, and the
    /// server's config (Redis ACL file, RabbitMQ conf.d file) when the type has one. The deploy creates the missing ones
    /// (value on the standard input of `docker secret create NAME -`), all from one password: on the first deploy a new
    /// one (<see cref="NewPassword"/>), later the one the running addon holds.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> SecretContents(AddonDefinition addon, string password)
    {
        var secrets = new List<KeyValuePair<string, string>>
        {
            new(addon.PasswordSecret, password),
            new(addon.UrlSecret, Url(addon, password)),
        };
        if (addon.Type == AddonType.Redis) secrets.Add(new(addon.ServerConfigSecret!, RedisAclFile(password)));
        if (addon.Type == AddonType.Rabbitmq) secrets.Add(new(addon.ServerConfigSecret!, RabbitmqConfigFile(addon, password)));
        return secrets;
    }

    /// <summary>
    /// The Heroku-style URL apps get as `&lt;AS&gt;_URL`: `postgres://app:PW@host:5432/app`, `redis://default:PW@host:6379`,
    /// `amqp://app:PW@host:5672/%2F`. User, password and database are percent-encoded (everything but RFC 3986's
    /// unreserved characters), so any password round-trips through a URL parser.
    /// </summary>
    public static string Url(AddonDefinition addon, string password) => Url(addon, password, addon.Host, addon.Port);

    /// <summary>The same URL for another address (a tunnel's 127.0.0.1:port); a null password leaves it out (for display).</summary>
    public static string Url(AddonDefinition addon, string? password, string host, int port)
    {
        var scheme = addon.Type switch
        {
            AddonType.Postgres => "postgres",
            AddonType.Redis => "redis",
            _ => "amqp",
        };
        var url = new StringBuilder();
        url.Append(scheme).Append("://")
            .Append(PercentEncode(addon.User));
        if (password is not null) url.Append(':').Append(PercentEncode(password));
        url.Append('@').Append(host).Append(':').Append(port.ToString(CultureInfo.InvariantCulture));
        if (addon.Database is { } database) url.Append('/').Append(PercentEncode(database));
        return url.ToString();
    }

    /// <summary>
    /// Redis's ACL file (`--aclfile`): the default user with the password's SHA-256 only, all keys, channels and commands.
    /// The official image reads no password file; this keeps the password out of the command line and the config.
    /// </summary>
    public static string RedisAclFile(string password)
    {
        CheckConfigSafe(password, forbidHash: false);
        return $"user default on #{Hashes.Sha256Hex(password, 64)} ~* &* +@all\n";
    }

    /// <summary>
    /// A RabbitMQ conf.d file (mounted at /etc/rabbitmq/conf.d/90-superdeploy.conf) creating the app user, with
    /// every permission on the default virtual host, when the node first starts. The official image dropped
    /// RABBITMQ_DEFAULT_PASS_FILE; configuration files are its supported way.
    /// </summary>
    public static string RabbitmqConfigFile(AddonDefinition addon, string password)
    {
        CheckConfigSafe(password, forbidHash: true);
        var conf = new StringBuilder();
        conf.Append("default_user = ").Append(addon.User).Append('\n');
        conf.Append("default_pass = ").Append(password).Append('\n');
        conf.Append("default_vhost = ").Append(addon.Database).Append('\n');
        conf.Append("default_user_tags.administrator = true\n");
        conf.Append("default_permissions.configure = .*\n");
        conf.Append("default_permissions.read = .*\n");
        conf.Append("default_permissions.write = .*\n");
        return conf.ToString();
    }

    /// <summary>RFC 3986 percent-encoding of the UTF-8 bytes: only A-Z a-z 0-9 - . _ ~ stay as they are.</summary>
    public static string PercentEncode(string value)
    {
        var encoded = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '.' or '_' or '~') encoded.Append(c);
            else encoded.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }

        return encoded.ToString();
    }

    // A config line ends at a newline, an ACL rule at a space, and a RabbitMQ value may end at a '#': a password
    // with one of those would turn into another setting. Generated passwords never have them.
    private static void CheckConfigSafe(string password, bool forbidHash)
    {
        if (password.Length == 0) throw new ArgumentException("The password is empty.", nameof(password));
        foreach (var c in password)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || (forbidHash && c == '#'))
                throw new ArgumentException("The password contains a character the server's config file cannot hold (whitespace, a control character or '#').", nameof(password));
        }
    }
}
