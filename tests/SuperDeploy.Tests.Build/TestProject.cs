namespace SuperDeploy.Tests.Build;

/// <summary>A small web project in its own folder under the run's temp root, built with child `dotnet` processes.</summary>
internal sealed class TestProject
{
    private readonly SdkPackage _sdk;

    private TestProject(SdkPackage sdk, string directory, string name)
    {
        _sdk = sdk;
        Directory = directory;
        Name = name;
    }

    public string Directory { get; }

    public string Name { get; }

    public string ProjectFile => Path.Combine(Directory, Name + ".csproj");

    public string Marker => Path.Combine(Directory, ".superdeploy");

    public string Workflow => Path.Combine(Directory, ".github", "workflows", "deploy.yml");

    public string Intermediate => Path.Combine(Directory, "obj", "superdeploy");

    public string Stack => Path.Combine(Intermediate, "stack.yml");

    public string CaddySite => Path.Combine(Intermediate, "site.caddy");

    public string Stamp => Path.Combine(Intermediate, "generate.done");

    /// <summary>The body of a web app with a web and a worker process and one secret (project "tests", app "web").</summary>
    public const string Processes = """
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <SuperDeployProject>tests</SuperDeployProject>
            <SuperDeployDomain>web.tests.localhost</SuperDeployDomain>
          </PropertyGroup>
          <ItemGroup>
            <SuperDeployProcess Include="web" Command="dotnet Web.dll --urls http://0.0.0.0:$PORT" Port="8000" Replicas="2" HealthPath="/health" />
            <SuperDeployProcess Include="worker" Command="dotnet Web.dll --worker" />
            <SuperDeploySecret Include="DB_PASSWORD" />
          </ItemGroup>
        """;

    public static TestProject Create(SdkPackage sdk, string name, string projectXml, string? globalJson = null)
    {
        var directory = System.IO.Directory.CreateDirectory(Path.Combine(sdk.Projects, $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)], name)).FullName;
        var project = new TestProject(sdk, directory, name);
        File.WriteAllText(project.ProjectFile, projectXml.Replace("$(SuperDeployTestVersion)", sdk.Version));
        File.WriteAllText(Path.Combine(directory, "Program.cs"), "System.Console.WriteLine(\"hello\");\n");
        if (globalJson is not null) File.WriteAllText(Path.Combine(directory, "global.json"), globalJson.Replace("$(SuperDeployTestVersion)", sdk.Version));
        return project;
    }

    /// <summary>Copies a folder (without bin/ and obj/) as a test project.</summary>
    public static TestProject CopyOf(SdkPackage sdk, string sourceDirectory, string name)
    {
        var directory = Path.Combine(sdk.Projects, $"copy-{Guid.NewGuid():N}"[..13], name);
        foreach (var file in System.IO.Directory.EnumerateFiles(sourceDirectory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(sourceDirectory, file);
            var first = relative.Split(Path.DirectorySeparatorChar)[0];
            if (first is "bin" or "obj") continue;
            var target = Path.Combine(directory, relative);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return new TestProject(sdk, directory, name);
    }

    public DotNetResult Build(params string[] args) => Run("build", args);

    public DotNetResult Run(string command, params string[] args)
    {
        _ = _sdk.PackagePath;
        return DotNet.Run(Directory, _sdk.Environment, [command, ProjectFile, "-nodeReuse:false", .. args]);
    }
}
