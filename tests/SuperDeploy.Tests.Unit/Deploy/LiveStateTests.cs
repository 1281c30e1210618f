using SuperDeploy.Deploy;
using SuperDeploy.Deploy.Commands;

namespace SuperDeploy.Tests.Unit.Deploy;

/// <summary>Parsing the engine's answers, the replica decision, the stack file adjustments and the ps table.</summary>
public class LiveStateTests
{
    [Fact]
    public void ParsesAServiceLine()
    {
        var state = ServiceState.Parse("api_api-web\t3\t2\trollback_completed\t1738324900\t127.0.0.1:5000/demo/api:abc@sha256:ff\t1738324800\t1738320000\tupdate rolled back due to failure");
        Assert.Equal(("api_api-web", 3, 2, "rollback_completed", 1738324900L), (state.Name, state.Replicas, state.DeclaredReplicas, state.UpdateState, state.UpdateStartedAt));
        Assert.Equal("127.0.0.1:5000/demo/api:abc", state.ImageWithoutDigest);
        Assert.Equal("abc", state.Tag);
        Assert.Equal("update rolled back due to failure", state.UpdateMessage);
    }

    [Fact]
    public void ParsesAFreshServiceWithoutUpdateStatusOrLabels()
    {
        var state = ServiceState.Parse("api_api-web\t2\t\t\t\tdemo/api:abc\t1738324800\t1738320000\t");
        Assert.Null(state.DeclaredReplicas);
        Assert.Null(state.UpdateState);
        Assert.Null(state.UpdateStartedAt);
        Assert.Equal("abc", state.Tag);
    }

    [Theory]
    [InlineData("127.0.0.1:5000/demo/api", "latest")]
    [InlineData("127.0.0.1:5000/demo/api:v2@sha256:ab", "v2")]
    [InlineData("caddy:2.11", "2.11")]
    public void TagOf(string image, string tag) => Assert.Equal(tag, ServiceState.TagOf(image));

    [Fact]
    public void ParsesTasksIncludingReplacedOnes()
    {
        var tasks = TaskState.ParseAll("t1\tapi_api-web.1\timg\tRunning 5 seconds ago\t\tnode1\nt2\t \\_ api_api-web.1\timg\tFailed 9 seconds ago\t\"task: non-zero exit (1)\"\tnode1\n");
        Assert.Equal("api_api-web", tasks[0].Service);
        Assert.True(tasks[0].IsRunning);
        Assert.Equal("api_api-web", tasks[1].Service);
        Assert.True(tasks[1].HasFailed);
        Assert.Equal("task: non-zero exit (1)", tasks[1].Error);
    }

    [Theory]
    // live, declared at last deploy, project file now -> rendered, keeps live
    [InlineData(null, null, 2, 2, false)] // first deploy
    [InlineData(2, 2, 2, 2, false)]       // nobody scaled
    [InlineData(5, 2, 2, 5, true)]        // scaled live, project file unchanged: keep 5
    [InlineData(5, 2, 3, 3, false)]       // scaled live, but the project file changed since: the project file wins
    [InlineData(2, 2, 4, 4, false)]       // project file changed
    [InlineData(5, null, 2, 2, false)]    // no label (deployed by something else): the project file
    [InlineData(0, 1, 1, 0, true)]        // scaled to zero live: stays stopped
    public void LiveScaleDecision(int? live, int? declaredBefore, int declaredNow, int rendered, bool keepsLive)
    {
        var process = TestApps.Process("web", Model.ProcessKind.Web, "x", declaredNow, 8000);
        var state = live is null ? null : new ServiceState("api_api-web", live, declaredBefore, null, null, "img", default, default, null);
        var decision = LiveScale.Decide(process, state);
        Assert.Equal(rendered, decision.Replicas);
        Assert.Equal(declaredNow, decision.Declared);
        Assert.Equal(keepsLive, decision.KeepsLive);
    }

    [Fact]
    public void StackYamlAddsLabelsAndChangesNothingElse()
    {
        const string stack = """
            services:
              api-web:
                image: "demo/api:1"
                entrypoint: ["/bin/sh", "-c", "exec dotnet Api.dll --urls http://0.0.0.0:$$PORT"]
                deploy:
                  replicas: 2
                  labels:
                    superdeploy.app: api
              api-worker:
                image: "demo/api:1"
                deploy:
                  labels: ["superdeploy.app=api", "superdeploy.stack-hash=old"]
            """;
        var result = StackYaml.LabelAllServices(stack, new Dictionary<string, string> { [RolloutCommands.StackHashLabel] = "abc" });

        Assert.Contains("replicas: 2", result);
        Assert.Contains($"{RolloutCommands.StackHashLabel}: \"abc\"", result);
        Assert.Contains($"\"{RolloutCommands.StackHashLabel}=abc\"", result);
        Assert.DoesNotContain("=old", result);
        Assert.Contains("superdeploy.app: api", result);
        Assert.Contains("$$PORT", result);
        Assert.DoesNotContain("...", result);
        // Still a stack file that reads back the same (idempotent through the YAML node model).
        Assert.Equal(result, StackYaml.LabelAllServices(result, new Dictionary<string, string>()));
    }

    [Fact]
    public void PsTableLooksLikeTheSeeds()
    {
        var rows = new[]
        {
            new PsTable.Row("api:web", "api_api-web", 3, 3, "running", "3f2a1b0c9d8e", TimeSpan.FromMinutes(5)),
            new PsTable.Row("api:worker", "api_api-worker", 9, 10, "degraded", "3f2a1b0c9d8e", TimeSpan.FromSeconds(42)),
        };
        Assert.Equal(
            "Process     Replicas  Status    Image tag     Age\n" +
            "─────────────────────────────────────────────────\n" +
            "api:web     3/3       running   3f2a1b0c9d8e  5m\n" +
            "api:worker  9/10      degraded  3f2a1b0c9d8e  42s\n",
            PsTable.Format(rows));
        Assert.Equal(
            "[\n  {\"process\": \"api:web\", \"service\": \"api_api-web\", \"running\": 3, \"desired\": 3, \"status\": \"running\", \"imageTag\": \"3f2a1b0c9d8e\", \"ageSeconds\": 300},\n" +
            "  {\"process\": \"api:worker\", \"service\": \"api_api-worker\", \"running\": 9, \"desired\": 10, \"status\": \"degraded\", \"imageTag\": \"3f2a1b0c9d8e\", \"ageSeconds\": 42}\n]",
            PsTable.FormatJson(rows));
        Assert.Equal("[]", PsTable.FormatJson([]));
    }

    [Theory]
    [InlineData(null, 2, 2, "running")]
    [InlineData("completed", 1, 2, "degraded")]
    [InlineData(null, 0, 2, "starting")]
    [InlineData(null, 0, 0, "stopped")]
    [InlineData("updating", 2, 2, "updating")]
    [InlineData("rollback_completed", 2, 2, "rolled back")]
    public void PsStatus(string? update, int running, int desired, string status)
    {
        var state = new ServiceState("s", desired, null, update, null, "img", default, default, null);
        Assert.Equal(status, PsTable.Status(state, running, desired));
    }

    [Fact]
    public void EveryDeployResourceStringCarriesItsOwnCode()
    {
        var codes = typeof(SuperDeploy.Validation.ErrorCodes).GetFields().Where(f => f.IsLiteral).ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);
        var resources = typeof(SuperDeploy.Validation.ErrorCodes).Assembly.GetType("SuperDeploy.Resources.Strings")!;
        var manager = (System.Resources.ResourceManager)resources.GetProperty("ResourceManager", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public)!.GetValue(null)!;
        foreach (var (name, code) in codes.Where(c => c.Value.StartsWith("SD3")))
        {
            var text = manager.GetString(name);
            Assert.True(text is not null, $"no resource string {name}");
            Assert.StartsWith(code + ": ", text);
        }
        var deploy = codes.Where(c => c.Value.StartsWith("SD3")).ToArray();
        Assert.Equal(deploy.Length, deploy.Select(c => c.Value).Distinct().Count());
    }
}
