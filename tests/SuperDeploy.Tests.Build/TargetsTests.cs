using Microsoft.Build.Construction;
using Microsoft.Build.Evaluation;
using Microsoft.Build.Execution;
using Microsoft.Build.Framework;

namespace SuperDeploy.Tests.Build;

/// <summary>In-process evaluation of the SDK's props and targets straight from src/Sdk (no package, no restore).</summary>
[Collection(MSBuildCollection.Name)]
public sealed class TargetsTests(SdkPackage sdk)
{
    private string NewProjectFile(string name, Action<ProjectRootElement>? body = null)
    {
        var directory = Directory.CreateDirectory(Path.Combine(sdk.Projects, "eval-" + Guid.NewGuid().ToString("N")[..8], name)).FullName;
        var root = ProjectRootElement.Create(NewProjectFileOptions.None);
        root.AddImport("Sdk.props").Sdk = "Microsoft.NET.Sdk.Web";
        root.AddImport(Path.Combine(Repository.SdkFolder, "Sdk", "Sdk.props"));
        root.AddPropertyGroup().AddProperty("TargetFramework", "net10.0");
        body?.Invoke(root);
        root.AddImport("Sdk.targets").Sdk = "Microsoft.NET.Sdk.Web";
        root.AddImport(Path.Combine(Repository.SdkFolder, "Sdk", "Sdk.targets"));
        var path = Path.Combine(directory, name + ".csproj");
        root.Save(path);
        return path;
    }

    private static Project Evaluate(string path, IDictionary<string, string>? globalProperties = null)
    {
        var collection = new ProjectCollection(globalProperties ?? new Dictionary<string, string>());
        return collection.LoadProject(path);
    }

    [Fact]
    public void DefaultsFollowTheProject()
    {
        var path = NewProjectFile("My.Shop_Api");
        var directory = Path.GetDirectoryName(path)!;

        var project = Evaluate(path);

        Assert.Equal("true", project.GetPropertyValue("UsingSuperDeploySdk"));
        Assert.Equal("true", project.GetPropertyValue("SuperDeployEnabled"));
        Assert.Equal("", project.GetPropertyValue("SuperDeployProject"));
        Assert.Equal("my-shop-api", project.GetPropertyValue("SuperDeployApp"));
        Assert.Equal("app", project.GetPropertyValue("SuperDeployVm"));
        Assert.Equal("", project.GetPropertyValue("SuperDeployHost"));
        Assert.Equal("true", project.GetPropertyValue("SuperDeployGenerateOnBuild"));
        Assert.Equal("Build", project.GetPropertyValue("SuperDeployGenerateAfterTargets"));
        foreach (var flag in new[] { "Marker", "Stack", "Caddy", "Workflow" })
        {
            Assert.Equal("true", project.GetPropertyValue("SuperDeployGenerate" + flag));
        }

        Assert.Equal(directory + "/.superdeploy", project.GetPropertyValue("SuperDeployMarkerFile"));
        Assert.Equal(directory + "/.github/workflows/deploy.yml", project.GetPropertyValue("SuperDeployWorkflowFile"));
        Assert.Equal(Path.Combine(directory, "obj", "superdeploy") + Path.DirectorySeparatorChar, project.GetPropertyValue("SuperDeployIntermediateOutputPath"));
        Assert.Equal("false", project.GetPropertyValue("SuperDeployAllowInVisualStudio"));
        Assert.Equal("false", project.GetPropertyValue("SuperDeployUseTaskHost"));
        Assert.Equal("true", project.GetPropertyValue("SuperDeployIncludeAgent"));
        Assert.EndsWith("tools/net8.0/SuperDeploy.Tasks.dll", project.GetPropertyValue("SuperDeployTasksAssembly").Replace('\\', '/'));
    }

    [Fact]
    public void ProjectValuesWinOverDefaults()
    {
        var project = Evaluate(NewProjectFile("Api", root =>
        {
            var group = root.AddPropertyGroup();
            group.AddProperty("SuperDeployVm", "big");
            group.AddProperty("SuperDeployTasksAssembly", "/custom/SuperDeploy.Tasks.dll");
            group.AddProperty("SuperDeployIntermediateOutputPath", "out/sd");
            group.AddProperty("SuperDeployGenerateOnBuild", "false");
        }));

        Assert.Equal("big", project.GetPropertyValue("SuperDeployVm"));
        Assert.Equal("/custom/SuperDeploy.Tasks.dll", project.GetPropertyValue("SuperDeployTasksAssembly"));
        Assert.Equal(Path.Combine(project.DirectoryPath, "out", "sd") + Path.DirectorySeparatorChar, project.GetPropertyValue("SuperDeployIntermediateOutputPath"));
        Assert.Equal("", project.GetPropertyValue("SuperDeployGenerateAfterTargets"));
    }

    [Fact]
    public void ProcessItemsGetNoDefaultMetadata()
    {
        var project = Evaluate(NewProjectFile("Api", root => root.AddItemGroup().AddItem("SuperDeployProcess", "worker")));

        Assert.False(project.ItemDefinitions.ContainsKey("SuperDeployProcess"));
        Assert.Empty(project.GetItems("SuperDeployProcess").Single().DirectMetadata);
    }

    [Fact]
    public void CustomHooksAreImported()
    {
        var hooks = Directory.CreateDirectory(Path.Combine(sdk.Projects, "hooks-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        var before = Path.Combine(hooks, "before.props");
        var after = Path.Combine(hooks, "after.targets");
        File.WriteAllText(before, "<Project><PropertyGroup><SuperDeployApp>from-hook</SuperDeployApp></PropertyGroup></Project>");
        File.WriteAllText(after, "<Project><PropertyGroup><HookSawApp>$(SuperDeployApp)</HookSawApp></PropertyGroup></Project>");

        var project = Evaluate(NewProjectFile("Api"), new Dictionary<string, string>
        {
            ["CustomBeforeSuperDeployProps"] = before,
            ["CustomAfterSuperDeployTargets"] = after,
        });

        Assert.Equal("from-hook", project.GetPropertyValue("SuperDeployApp"));
        Assert.Equal("from-hook", project.GetPropertyValue("HookSawApp"));
    }

    [Fact]
    public void TheTrackingFileChangesOnlyWhenAnInputChanges()
    {
        var path = NewProjectFile("Api", root =>
        {
            var items = root.AddItemGroup();
            items.AddItem("SuperDeployProcess", "web").AddMetadata("Port", "8000", expressAsAttribute: true);
            items.AddItem("SuperDeploySecret", "DB_PASSWORD");
        });
        var tracking = Path.Combine(Path.GetDirectoryName(path)!, "obj", "superdeploy", "inputs.cache");

        BuildTarget(path, "_SuperDeployWriteTrackingFile");
        var first = File.ReadAllText(tracking);
        var old = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(tracking, old);
        BuildTarget(path, "_SuperDeployWriteTrackingFile");
        var unchangedTime = File.GetLastWriteTimeUtc(tracking);
        BuildTarget(path, "_SuperDeployWriteTrackingFile", new Dictionary<string, string> { ["SuperDeployDomain"] = "api.example.com" });

        Assert.Contains("process web|", first);
        Assert.Contains("Port=8000", first);
        Assert.Contains("secret DB_PASSWORD", first);
        Assert.DoesNotContain("api.example.com", first);
        Assert.Equal(old, unchangedTime);
        Assert.Contains("Domain=api.example.com", File.ReadAllText(tracking));
    }

    [Fact]
    public void PublishAddsTheAgentFilesUnderSuperdeploy()
    {
        var agent = Directory.CreateDirectory(Path.Combine(sdk.Projects, "agent-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        foreach (var file in new[] { "SuperDeploy.Agent.dll", "SuperDeploy.Agent.runtimeconfig.json", "SuperDeploy.Agent.deps.json", "Cronos.dll" })
        {
            File.WriteAllText(Path.Combine(agent, file), "");
        }

        var (instance, logger) = BuildTarget(NewProjectFile("Api"), "SuperDeployIncludeAgentInPublish", new Dictionary<string, string> { ["SuperDeployAgentDirectory"] = agent + "/" });

        var published = instance.GetItems("ResolvedFileToPublish").Select(i => i.GetMetadataValue("RelativePath")).Order(StringComparer.Ordinal);
        Assert.Equal(["superdeploy/Cronos.dll", "superdeploy/SuperDeploy.Agent.deps.json", "superdeploy/SuperDeploy.Agent.dll", "superdeploy/SuperDeploy.Agent.runtimeconfig.json"], published);
        Assert.Empty(logger.Warnings);
    }

    [Fact]
    public void AMissingAgentIsAWarningWithItsCode()
    {
        var empty = Directory.CreateDirectory(Path.Combine(sdk.Projects, "no-agent-" + Guid.NewGuid().ToString("N")[..8])).FullName;

        var (_, logger) = BuildTarget(NewProjectFile("Api"), "SuperDeployIncludeAgentInPublish", new Dictionary<string, string> { ["SuperDeployAgentDirectory"] = empty + "/" });

        Assert.Equal(["SD2004"], logger.Warnings);
    }

    [Fact]
    public void DisabledMeansNoGenerationAtAll()
    {
        var path = NewProjectFile("Api", root => root.AddItemGroup().AddItem("SuperDeployProcess", "worker").AddMetadata("Command", "run", expressAsAttribute: true));

        BuildTarget(path, "SuperDeployGenerate", new Dictionary<string, string> { ["SuperDeployEnabled"] = "false" });

        Assert.False(Directory.Exists(Path.Combine(Path.GetDirectoryName(path)!, "obj", "superdeploy")));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(path)!, ".superdeploy")));
    }

    private static (ProjectInstance Instance, CollectingLogger Logger) BuildTarget(string path, string target, IDictionary<string, string>? globalProperties = null)
    {
        var project = Evaluate(path, globalProperties);
        var instance = project.CreateProjectInstance();
        var logger = new CollectingLogger();
        var ok = instance.Build([target], [logger]);
        project.ProjectCollection.UnloadAllProjects();
        Assert.True(ok, string.Join("\n", logger.Errors));
        return (instance, logger);
    }

    private sealed class CollectingLogger : ILogger
    {
        public List<string> Errors { get; } = [];

        public List<string> Warnings { get; } = [];

        public LoggerVerbosity Verbosity { get; set; } = LoggerVerbosity.Normal;

        public string? Parameters { get; set; }

        public void Initialize(IEventSource eventSource)
        {
            eventSource.ErrorRaised += (_, e) => Errors.Add($"{e.Code}: {e.Message}");
            eventSource.WarningRaised += (_, e) => Warnings.Add(e.Code);
        }

        public void Shutdown()
        {
        }
    }
}
