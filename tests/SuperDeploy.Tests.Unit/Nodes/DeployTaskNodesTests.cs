using System.Collections;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using SuperDeploy.Tasks;
using SuperDeploy.Validation;

namespace SuperDeploy.Tests.Unit.Nodes;

/// <summary>
/// The deploy-side tasks read @(SuperDeployNode) like the build does and stop, coded and before any command runs, on
/// invalid items, a role no declared node has, or an image the other nodes could not pull.
/// </summary>
public class DeployTaskNodesTests
{
    private static readonly string ProjectFile = Path.Combine(Path.GetTempPath(), "superdeploy-unit", "Api", "Api.csproj");

    private static TaskItem Item(string include, params (string Name, string Value)[] metadata)
    {
        var item = new TaskItem(include);
        foreach (var (name, value) in metadata) item.SetMetadata(name, value);
        return item;
    }

    private static (bool Succeeded, FakeBuildEngine Engine) Deploy(ITaskItem[] nodes, bool imageInRegistry = true, string? host = "root@10.88.0.11")
    {
        var engine = new FakeBuildEngine();
        var task = new SuperDeployDeployApp
        {
            BuildEngine = engine,
            ProjectFile = ProjectFile,
            Project = "demo",
            App = "api",
            // Never reached: every case stops before the first command.
            Host = host,
            Processes =
            [
                Item("web", ("Command", "dotnet Api.dll"), ("Port", "8000")),
                Item("worker", ("Command", "dotnet Api.dll --worker"), ("Vm", "worker")),
            ],
            Nodes = nodes,
            Image = "10.88.0.1:5000/demo/api:abc",
            ImageTag = "abc",
            ImageInRegistry = imageInRegistry,
        };
        return (task.Execute(), engine);
    }

    [Fact]
    public void AnInvalidNodeItemIsItsBuildErrorAndNothingRuns()
    {
        var (succeeded, engine) = Deploy([Item("root@not a host", ("Role", "app;worker"))]);
        Assert.False(succeeded);
        Assert.Equal([ErrorCodes.NodeTargetInvalid], engine.Errors.Select(e => e.Code));
    }

    [Fact]
    public void ARoleNoDeclaredNodeHasIsSD7009AtDeployTimeToo()
    {
        var (succeeded, engine) = Deploy([Item("root@10.88.0.11", ("Role", "manager;app"))]);
        Assert.False(succeeded);
        Assert.Equal([ErrorCodes.NodeRoleMissing], engine.Errors.Select(e => e.Code));
    }

    [Fact]
    public void NodesWithAnImageOnlyInTheLocalEngineIsSD7109()
    {
        var (succeeded, engine) = Deploy([Item("root@10.88.0.11", ("Role", "manager;app;worker"))], imageInRegistry: false, host: null);
        Assert.False(succeeded);
        Assert.Equal([ErrorCodes.NodesNeedRegistry], engine.Errors.Select(e => e.Code));
        Assert.Contains("10.88.0.1:5000/demo/api:abc", engine.Errors[0].Message);
    }

    private sealed class FakeBuildEngine : IBuildEngine
    {
        public List<BuildErrorEventArgs> Errors { get; } = [];

        public bool ContinueOnError => false;
        public int LineNumberOfTaskNode => 0;
        public int ColumnNumberOfTaskNode => 0;
        public string ProjectFileOfTaskNode => ProjectFile;

        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => false;
        public void LogCustomEvent(CustomBuildEventArgs e) { }
        public void LogErrorEvent(BuildErrorEventArgs e) => Errors.Add(e);
        public void LogMessageEvent(BuildMessageEventArgs e) { }
        public void LogWarningEvent(BuildWarningEventArgs e) { }
    }
}
