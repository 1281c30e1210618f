using System.Security.Cryptography;
using System.Text;
using SuperDeploy.Model;
using static SuperDeploy.Tests.Unit.Addons.AddonTestModels;

namespace SuperDeploy.Tests.Unit.Addons;

/// <summary>Secret names and the contents of addon secrets: URLs, Redis's ACL file, RabbitMQ's conf.d file, generated passwords.</summary>
public class CredentialsTests
{
    private static string Sha256Hex(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

    [Fact]
    public void AVersionedSecretNameIsTheAppTheLowerCaseNameAndAHashOfAppNameAndValue()
    {
        var name = SecretNames.Versioned("shop", "STRIPE_KEY", "sk_live_123");

        Assert.Equal("shop-stripe_key-" + Sha256Hex("superdeploy\0shop\0STRIPE_KEY\0sk_live_123")[..12], name);
        Assert.Matches("^[a-zA-Z0-9]+(?:[a-zA-Z0-9-_.]*[a-zA-Z0-9])?$", name); // Docker's rule for secret names
        Assert.Equal(SecretNames.VersionedLength("shop", "STRIPE_KEY"), name.Length);
        Assert.StartsWith(SecretNames.Prefix("shop", "STRIPE_KEY"), name);
    }

    [Fact]
    public void AChangedValueAppOrNameIsANewVersionAndTheSameInputsTheSameName()
    {
        var name = SecretNames.Versioned("shop", "STRIPE_KEY", "v1");

        Assert.Equal(name, SecretNames.Versioned("shop", "STRIPE_KEY", "v1"));
        Assert.NotEqual(name, SecretNames.Versioned("shop", "STRIPE_KEY", "v2"));
        Assert.NotEqual(name[5..], SecretNames.Versioned("admin", "STRIPE_KEY", "v1")[6..]);
        Assert.NotEqual(SecretNames.Versioned("shop", "A", "B\0C"), SecretNames.Versioned("shop", "A\0B", "C"));
        Assert.DoesNotContain("v1", name[(name.LastIndexOf('-') + 1)..]);
    }

    [Theory]
    [InlineData("s3cret", "s3cret")]
    [InlineData("p@ss:w/rd%#?", "p%40ss%3Aw%2Frd%25%23%3F")]
    [InlineData("a b+c&d=e;f", "a%20b%2Bc%26d%3De%3Bf")]
    [InlineData("[x]!$'()*,", "%5Bx%5D%21%24%27%28%29%2A%2C")]
    [InlineData("unreserved-._~", "unreserved-._~")]
    [InlineData("é€", "%C3%A9%E2%82%AC")]
    public void PasswordsArePercentEncodedInUrls(string password, string encoded)
    {
        var url = AddonCredentials.Url(Postgres, password);

        Assert.Equal($"postgres://app:{encoded}@databases-primary:5432/app", url);
        var parsed = new Uri(url);
        Assert.Equal(("databases-primary", 5432, "/app"), (parsed.Host, parsed.Port, parsed.AbsolutePath));
        var userInfo = parsed.UserInfo.Split(':', 2);
        Assert.Equal(("app", password), (Uri.UnescapeDataString(userInfo[0]), Uri.UnescapeDataString(userInfo[1])));
    }

    [Fact]
    public void EachTypeHasItsScheme()
    {
        Assert.Equal("redis://default:pw@cache-main:6379", AddonCredentials.Url(Redis, "pw"));
        Assert.Equal("amqp://app:pw@queues-main:5672/%2F", AddonCredentials.Url(Rabbitmq, "pw"));
        Assert.Equal("postgres://app:pw@databases-next-gen:5432/app", AddonCredentials.Url(Postgres18, "pw"));
    }

    [Fact]
    public void TheUrlSecretNameDependsOnTheUrlButNotOnThePassword()
    {
        Assert.Equal("cheapa-databases-primary-url-" + Sha256Hex("superdeploy\0postgres://app:@databases-primary:5432/app")[..10], Postgres.UrlSecret);
        Assert.NotEqual(Postgres.UrlSecret, (Postgres with { Name = "databases.other" }).UrlSecret);
    }

    [Fact]
    public void RedisAclFileHoldsOnlyThePasswordsHash()
    {
        var acl = AddonCredentials.RedisAclFile("p@ss#word");

        Assert.Equal($"user default on #{Sha256Hex("p@ss#word")} ~* &* +@all\n", acl);
        Assert.DoesNotContain("p@ss", acl);
    }

    [Fact]
    public void RabbitmqConfigCreatesTheAppUserOnTheDefaultVhost()
    {
        var conf = AddonCredentials.RabbitmqConfigFile(Rabbitmq, "Abc123");

        Assert.Equal(
            "default_user = app\ndefault_pass = Abc123\ndefault_vhost = /\ndefault_user_tags.administrator = true\n" +
            "default_permissions.configure = .*\ndefault_permissions.read = .*\ndefault_permissions.write = .*\n",
            conf);
    }

    [Theory]
    [InlineData("two\nlines")]
    [InlineData("with space")]
    [InlineData("tab\there")]
    [InlineData("")]
    public void AConfigFileRefusesAPasswordThatWouldBreakOutOfItsLine(string password)
    {
        Assert.Throws<ArgumentException>(() => AddonCredentials.RedisAclFile(password));
        Assert.Throws<ArgumentException>(() => AddonCredentials.RabbitmqConfigFile(Rabbitmq, password));
    }

    [Fact]
    public void RabbitmqRefusesAHashThatCouldStartAComment() =>
        Assert.Throws<ArgumentException>(() => AddonCredentials.RabbitmqConfigFile(Rabbitmq, "abc#def"));

    [Fact]
    public void GeneratedPasswordsAre32AlphanumericCharactersAndNeverRepeat()
    {
        var passwords = Enumerable.Range(0, 50).Select(_ => AddonCredentials.NewPassword()).ToList();

        Assert.All(passwords, p => Assert.Matches("^[A-Za-z0-9]{32}$", p));
        Assert.Equal(passwords.Count, passwords.Distinct().Count());
        Assert.All(passwords, p => Assert.Equal(p, AddonCredentials.PercentEncode(p)));
        // Every character of the alphabet turns up: the generator is not stuck on a subset.
        Assert.Equal(62, string.Concat(Enumerable.Range(0, 40).Select(_ => AddonCredentials.NewPassword())).Distinct().Count());
    }
}

public class AddonSecretContentsTests
{
    [Fact]
    public void EachTypeGetsItsPasswordUrlAndServerConfigFromOnePassword()
    {
        Assert.Equal([Postgres.PasswordSecret, Postgres.UrlSecret], AddonCredentials.SecretContents(Postgres, "pw").Select(s => s.Key));
        Assert.Equal(
            [(Redis.PasswordSecret, "pw"), (Redis.UrlSecret, "redis://default:pw@cache-main:6379"), (Redis.ServerConfigSecret!, AddonCredentials.RedisAclFile("pw"))],
            AddonCredentials.SecretContents(Redis, "pw").Select(s => (s.Key, s.Value)));
        Assert.Equal(AddonCredentials.RabbitmqConfigFile(Rabbitmq, "pw"), AddonCredentials.SecretContents(Rabbitmq, "pw").Last().Value);
    }

    [Fact]
    public void EverySecretAnAddonStackOrAnAttachedAppMountsIsCreated()
    {
        foreach (var addon in All.Values)
        {
            var own = AddonCredentials.SecretContents(addon, "pw").Select(s => s.Key).ToHashSet();
            Assert.Subset(own, SuperDeploy.Generators.AddonStackGenerator.Secrets(addon).Select(m => m.Source).ToHashSet());
        }

        var created = All.Values.SelectMany(a => AddonCredentials.SecretContents(a, "pw")).Select(s => s.Key).ToHashSet();
        var mounted = SuperDeploy.Generators.ServiceSecrets.For(Shop, null).Mounts.Select(m => m.Source).ToHashSet();
        Assert.Subset(created, mounted);
    }

    [Fact]
    public void BackupAndRestoreUseTheAddonsUserAndDatabaseInsideItsContainer()
    {
        Assert.Equal(["pg_dump", "--username=app", "--dbname=app", "--format=custom", "--no-owner", "--no-privileges"], AddonTools.PostgresDump(Postgres));
        Assert.Equal("pg_restore", AddonTools.PostgresRestore(Postgres)[0]);
        Assert.Contains("--single-transaction", AddonTools.PostgresRestore(Postgres));
        Assert.Equal(["cat", "/run/secrets/password"], AddonTools.ReadPassword);
        Assert.Equal(SuperDeploy.Generators.AddonStackGenerator.PasswordPath, AddonTools.ReadPassword[1]);
    }
}
