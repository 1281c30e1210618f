using SuperDeploy.Deploy;
using SuperDeploy.Deploy.Commands;
using SuperDeploy.Deploy.Execution;
using SuperDeploy.Generators;
using SuperDeploy.Model;
using SuperDeploy.Tests.Unit.Addons;
using SuperDeploy.Validation;

namespace SuperDeploy.Tests.Unit.Deploy;

/// <summary>Secret and addon commands as data (exact argv, stdin, Sensitive) and the deploy steps that run them.</summary>
public class SecretAndAddonDeployTests
{
    private const string Value = "s3cr3t-VALUE-never-logged";

    private static readonly AddonDefinition Postgres = AddonTestModels.Postgres;
    private static readonly AddonDefinition Redis = AddonTestModels.Redis;

    [Fact]
    public void CreatingASecretPutsTheValueOnStdinOnly()
    {
        var command = SecretCommands.CreateAppSecret(TestApps.Api(), "api-stripe_key-0123456789ab", Value);
        Assert.Equal(["docker", "secret", "create", "--label", "superdeploy.project=demo", "--label", "superdeploy.app=api",
            "api-stripe_key-0123456789ab", "-"], command.Argv);
        Assert.Equal(Value, command.Stdin);
        Assert.True(command.Sensitive);
        Assert.Equal("docker secret <arguments hidden>", command.Display);
    }

    [Fact]
    public void AddonSecretCommands()
    {
        var create = SecretCommands.CreateAddonSecret(Postgres, Postgres.PasswordSecret, Value);
        Assert.Equal(["docker", "secret", "create", "--label", "superdeploy.project=cheapa", "--label", "superdeploy.addon=databases.primary",
            "cheapa-databases-primary-password", "-"], create.Argv);
        Assert.Equal(Value, create.Stdin);
        Assert.True(create.Sensitive);
        Assert.Equal(["docker", "secret", "inspect", "--format", "{{.ID}}", "cheapa-databases-primary-password"],
            SecretCommands.Inspect(Postgres.PasswordSecret).Argv);
        Assert.False(SecretCommands.Inspect("x").Sensitive);
    }

    [Fact]
    public void AddonCommandsAsArgv()
    {
        Assert.Equal(["docker", "service", "inspect", "--format", "{{index .Spec.Labels \"superdeploy.addon-spec\"}}",
            "cheapa-addon-databases-primary_databases-primary"], AddonCommands.SpecLabel(Postgres).Argv);
        Assert.Equal(["docker", "ps", "-q", "--filter", "label=com.docker.swarm.service.name=cheapa-addon-databases-primary_databases-primary",
            "--filter", "health=healthy"], AddonCommands.HealthyContainer(Postgres).Argv);

        var read = AddonCommands.ReadPassword("c0ffee");
        Assert.Equal(["docker", "exec", "-i", "c0ffee", "cat", "/run/secrets/password"], read.Argv);
        Assert.True(read.Sensitive);
        Assert.Null(read.Stdin);

        var deploy = AddonCommands.Deploy(Postgres, "yaml", detachFlag: true);
        Assert.Equal(["docker", "stack", "deploy", "--compose-file", "-", "--prune", "--with-registry-auth", "--resolve-image", "never",
            "--detach=true", "cheapa-addon-databases-primary"], deploy.Argv);
        Assert.Equal("yaml", deploy.Stdin);

        Assert.Equal(["docker", "exec", "-i", "c0ffee", "pg_dump", "--username=app", "--dbname=app", "--format=custom", "--no-owner", "--no-privileges"],
            AddonCommands.Exec("c0ffee", AddonTools.PostgresDump(Postgres)).Argv);
    }

    [Fact]
    public void TheReleaseJobMountsTheSecretsAndRunsThroughTheAgent()
    {
        var app = AddonTestModels.Shop;
        var secrets = ServiceSecrets.For(app, AddonTestModels.ShopSecretSources);
        var command = ReleaseCommands.Create(app, app.Release!, "reg/cheapa/shop:1", "shop-release-1", resolveImage: true, secrets);
        var argv = command.Argv.ToList();

        var mounts = argv.Select((a, i) => (a, i)).Where(x => x.a == "--secret").Select(x => argv[x.i + 1]).ToArray();
        Assert.Equal(secrets.Mounts.Select(m => $"source={m.Source},target={m.Target}"), mounts);
        Assert.Contains($"source={AddonTestModels.ShopSecretSources["STRIPE_KEY"]},target=STRIPE_KEY", mounts);
        Assert.Contains($"source={Postgres.UrlSecret},target=DB_URL", mounts);
        var env = argv.Select((a, i) => (a, i)).Where(x => x.a == "--env").Select(x => argv[x.i + 1]).ToArray();
        Assert.Contains("DB_HOST=databases-primary", env);
        Assert.Contains(env, e => e.StartsWith("SUPERDEPLOY_ENV_FILES=STRIPE_KEY=/run/secrets/STRIPE_KEY;", StringComparison.Ordinal));
        Assert.Equal(["--entrypoint", "dotnet", "reg/cheapa/shop:1", Conventions.AgentDll, "exec", "--", "dotnet", "Shop.dll", "--migrate"], argv[^9..]);
        Assert.Null(command.Stdin);
    }

    [Fact]
    public void SecretValuesComeFromTheEnvironmentAndAMissingOneNamesTheVariable()
    {
        var app = TestApps.Api() with { Secrets = ["STRIPE_KEY", "SENTRY_DSN", "EMPTY_ONE"] };
        var environment = new Dictionary<string, string> { ["STRIPE_KEY"] = Value, ["EMPTY_ONE"] = "" };
        var error = Assert.Throws<DeployException>(() => AppSecretValues.Read(app, n => environment.GetValueOrDefault(n)));
        Assert.Equal(ErrorCodes.SecretNotInEnvironment, error.Code);
        Assert.Contains("SENTRY_DSN, EMPTY_ONE", error.Message);
        Assert.DoesNotContain(Value, error.Message);

        environment["SENTRY_DSN"] = "dsn";
        environment["EMPTY_ONE"] = "x";
        var secrets = AppSecretValues.Read(app, n => environment.GetValueOrDefault(n));
        Assert.Equal(SecretNames.Versioned("api", "STRIPE_KEY", Value), secrets[0].SwarmName);
        Assert.DoesNotContain(Value, secrets[0].ToString());
        Assert.Equal(secrets.Select(s => s.SwarmName), AppSecretValues.Sources(secrets).Values);
    }

    [Fact]
    public async Task TheSecretsStepCreatesOnlyAbsentVersions()
    {
        var app = TestApps.Api() with { Secrets = ["A", "B"] };
        var secrets = AppSecretValues.Read(app, n => n == "A" ? "value-a" : "value-b");
        var runner = new FakeRunner()
            .Fail("docker secret inspect", 1, "Error: no such secret")
            .On($"docker secret inspect --format {{{{.ID}}}} {secrets[0].SwarmName}", "id-a\n");
        var line = await new SecretsStep(Target(runner, new ListOutput())).EnsureAsync(app, secrets);

        Assert.Equal("secrets: 1 created, 1 unchanged", line);
        var create = Assert.Single(runner.All("docker secret create"));
        Assert.Equal(secrets[1].SwarmName, create.Argv[^2]);
        Assert.Equal("value-b", create.Stdin);
    }

    [Fact]
    public async Task OldSecretVersionsAreRemovedAndOnesStillInUseKept()
    {
        var app = TestApps.Api() with { Secrets = ["A"] };
        var secrets = AppSecretValues.Read(app, _ => "value-a");
        var runner = new FakeRunner()
            .On("docker secret ls --filter label=superdeploy.project=demo --filter label=superdeploy.app=api",
                $"api-a-000000000001\n{secrets[0].SwarmName}\napi-b-000000000002\n")
            .Fail("docker secret rm api-b-000000000002", 1, "secret is in use by the following service: api-release-old");
        var line = await new SecretPruner(Target(runner, new ListOutput())).PruneAsync(app, secrets);

        Assert.Equal("secrets: removed 1 old version, 1 still in use", line);
        Assert.Equal(["docker secret rm api-a-000000000001", "docker secret rm api-b-000000000002"],
            runner.All("docker secret rm").Select(FakeRunner.Text));
    }

    [Fact]
    public async Task WithNoOldSecretVersionThePrunerSaysNothing()
    {
        var runner = new FakeRunner().On("docker secret ls", "");
        Assert.Null(await new SecretPruner(Target(runner, new ListOutput())).PruneAsync(TestApps.Api(), []));
        Assert.False(runner.HasRun("docker secret rm"));
    }

    [Fact]
    public async Task AFreshAddonGetsOnePasswordForAllItsSecretsThenItsStack()
    {
        var runner = new FakeRunner().Fail("docker secret inspect", 1, "no such secret").Fail("docker service inspect --format {{index", 1, "no such service");
        var output = new ListOutput();
        await new AddonsStep(Target(runner, output)).EnsureSecretsAsync(Redis);
        Assert.Equal("created", await new AddonsStep(Target(runner, output)).EnsureStackAsync(Redis, detachFlag: false));

        var creates = runner.All("docker secret create").ToArray();
        Assert.Equal([Redis.PasswordSecret, Redis.UrlSecret, Redis.ServerConfigSecret!], creates.Select(c => c.Argv[^2]));
        var password = creates[0].Stdin!;
        Assert.Equal(32, password.Length);
        Assert.Equal(AddonCredentials.Url(Redis, password), creates[1].Stdin);
        Assert.Equal(AddonCredentials.RedisAclFile(password), creates[2].Stdin);
        Assert.All(creates, c => Assert.True(c.Sensitive));

        var deploy = Assert.Single(runner.All("docker stack deploy"));
        Assert.Equal(AddonStackGenerator.Generate(Redis), deploy.Stdin);
        Assert.DoesNotContain(output.Lines.Concat(output.Details), l => l.Contains(password));
    }

    [Fact]
    public async Task OnSeveralNodesTheDeployPinsTheAddonToItsVmAndComparesThatSpec()
    {
        var pinned = Redis with { Vm = "cache" };
        var runner = new FakeRunner().Fail("docker service inspect --format {{index", 1, "no such service");
        Assert.Equal("created", await new AddonsStep(Target(runner, new ListOutput())) { NodesDeclared = true }.EnsureStackAsync(pinned, detachFlag: false));
        var stack = Assert.Single(runner.All("docker stack deploy")).Stdin!;
        Assert.Equal(AddonStackGenerator.Generate(pinned, nodesDeclared: true), stack);
        Assert.Contains("node.labels.superdeploy.role.cache == true", stack);
        Assert.DoesNotContain("node.role == manager", stack);

        var running = new FakeRunner().On("docker service inspect --format {{index", AddonStackGenerator.SpecHash(pinned, nodesDeclared: true) + "\n");
        Assert.Equal("unchanged", await new AddonsStep(Target(running, new ListOutput())) { NodesDeclared = true }.EnsureStackAsync(pinned, detachFlag: false));
    }

    [Fact]
    public async Task AnUnchangedAddonIsLeftAloneAndAChangedOneOnlyWarns()
    {
        var runner = new FakeRunner().On("docker service inspect --format {{index", AddonStackGenerator.SpecHash(Postgres) + "\n");
        var output = new ListOutput();
        await new AddonsStep(Target(runner, output)).EnsureSecretsAsync(Postgres);
        Assert.Equal("unchanged", await new AddonsStep(Target(runner, output)).EnsureStackAsync(Postgres, detachFlag: true));
        Assert.False(runner.HasRun("docker secret create"));
        Assert.False(runner.HasRun("docker stack deploy"));
        Assert.Empty(output.Warnings);

        runner.On("docker service inspect --format {{index", "sha256:something-else\n");
        Assert.Equal("changed (not applied)", await new AddonsStep(Target(runner, output)).EnsureStackAsync(Postgres, detachFlag: true));
        Assert.False(runner.HasRun("docker stack deploy"));
        Assert.StartsWith(ErrorCodes.AddonSpecChanged + ":", Assert.Single(output.Warnings));
    }

    [Fact]
    public async Task AMissingUrlSecretIsRebuiltFromTheRunningAddonsPasswordNeverANewOne()
    {
        var runner = new FakeRunner()
            .On("docker secret inspect", "id\n")
            .Fail($"docker secret inspect --format {{{{.ID}}}} {Postgres.UrlSecret}", 1, "no such secret")
            .On("docker ps -q --filter label=com.docker.swarm.service.name=cheapa-addon-databases-primary_databases-primary", "c0ffee\n")
            .On("docker exec -i c0ffee cat /run/secrets/password", "TheExistingPassword\n");
        await new AddonsStep(Target(runner, new ListOutput())).EnsureSecretsAsync(Postgres);

        var create = Assert.Single(runner.All("docker secret create"));
        Assert.Equal(Postgres.UrlSecret, create.Argv[^2]);
        Assert.Equal(AddonCredentials.Url(Postgres, "TheExistingPassword"), create.Stdin);
    }

    [Fact]
    public async Task WithoutAHealthyAddonToReadFromTheDeployStops()
    {
        var runner = new FakeRunner()
            .On("docker secret inspect", "id\n")
            .Fail($"docker secret inspect --format {{{{.ID}}}} {Postgres.UrlSecret}", 1, "no such secret")
            .On("docker ps -q", "");
        var error = await Assert.ThrowsAsync<DeployException>(() => new AddonsStep(Target(runner, new ListOutput())).EnsureSecretsAsync(Postgres));
        Assert.Equal(ErrorCodes.AddonPasswordUnavailable, error.Code);
        Assert.False(runner.HasRun("docker secret create"));
    }

    [Fact]
    public void BackupNeedsADeclaredPostgresAddon()
    {
        var app = AddonTestModels.Shop;
        Assert.Same(Postgres, AddonBackup.Find(app, "databases.primary"));
        Assert.Equal(ErrorCodes.BackupAddonInvalid, Assert.Throws<DeployException>(() => AddonBackup.Find(app, "nope")).Code);
        Assert.Equal(ErrorCodes.BackupAddonInvalid, Assert.Throws<DeployException>(() => AddonBackup.Find(app, "cache.main")).Code);
        Assert.Equal(ErrorCodes.BackupAddonInvalid, Assert.Throws<DeployException>(() => AddonBackup.Find(app, "")).Code);
    }

    [Fact]
    public async Task RestoreWithoutAFileChangesNothing()
    {
        var runner = new FakeRunner();
        var error = await Assert.ThrowsAsync<DeployException>(() =>
            new AddonBackup(Target(runner, new ListOutput())).RestoreAsync(Postgres, "/nonexistent/backup.dump"));
        Assert.Equal(ErrorCodes.BackupFileMissing, error.Code);
        Assert.Empty(runner.Ran);
    }

    [Fact]
    public async Task TheDeployCreatesSecretsBeforeTheReleaseAndNeverShowsAValue()
    {
        var app = TestApps.Api() with { Secrets = ["SAMPLE_SECRET"] };
        var secrets = AppSecretValues.Read(app, _ => Value);
        var request = DeployerTests.Request(app) with { Secrets = secrets };
        var runner = DeployerTests.Engine().Fail("docker secret inspect", 1, "no such secret");
        var output = new ListOutput();
        await new Deployer(runner, output, new FakeClock(), CancellationToken.None).DeployAsync(request);

        var create = runner.IndexOf("docker secret create");
        Assert.True(create >= 0 && create < runner.IndexOf("docker service create --mode replicated-job"));
        Assert.Equal(Value, runner.Ran[create].Stdin);
        var release = runner.All("docker service create --mode replicated-job").Single();
        Assert.Contains($"source={secrets[0].SwarmName},target=SAMPLE_SECRET", release.Argv);
        Assert.Contains(output.Lines, l => l.StartsWith("  ✓ secrets: 1 created, 0 unchanged", StringComparison.Ordinal));
        // Old versions go only after the new one is recorded as deployed.
        var record = runner.IndexOf("docker config create --label superdeploy.project");
        Assert.True(record >= 0 && runner.IndexOf("docker secret ls --filter label=superdeploy.project") > record);
        // No addons attached: no addon step line and no addon command.
        Assert.DoesNotContain(output.Lines, l => l.Contains("addons"));
        Assert.DoesNotContain(runner.Ran, c => c.Argv.Any(a => a.Contains(Value)));
        Assert.DoesNotContain(runner.Ran, c => c.Display.Contains(Value));
        Assert.DoesNotContain(output.Lines.Concat(output.Details).Concat(output.Warnings), l => l.Contains(Value));
    }

    private static Target Target(FakeRunner runner, ListOutput output) => new(runner, output, new FakeClock(), CancellationToken.None);
}
