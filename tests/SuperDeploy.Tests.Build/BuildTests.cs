using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SuperDeploy.Tests.Build;

/// <summary>`dotnet build` of real web projects against the packed SDK, as a user runs it.</summary>
[Collection(MSBuildCollection.Name)]
public sealed class BuildTests(SdkPackage sdk)
{
    private const string SkippedGenerate = "Skipping target \"SuperDeployGenerate\"";

    public static TheoryData<string> ReferenceStyles => ["SdkElement", "SdkAttribute", "GlobalJson", "PackageReference"];

    private TestProject CreateWeb(string style = "SdkElement", string? processes = null, string extraProperties = "")
    {
        var body = (processes ?? TestProject.Processes) + extraProperties;
        return style switch
        {
            "SdkElement" => TestProject.Create(sdk, "Web", $"""
                <Project Sdk="Microsoft.NET.Sdk.Web">
                  <Sdk Name="SuperDeploy.Sdk" Version="$(SuperDeployTestVersion)" />
                {body}
                </Project>
                """),
            "SdkAttribute" => TestProject.Create(sdk, "Web", $"""
                <Project Sdk="Microsoft.NET.Sdk.Web;SuperDeploy.Sdk/$(SuperDeployTestVersion)">
                {body}
                </Project>
                """),
            "GlobalJson" => TestProject.Create(sdk, "Web", $"""
                <Project Sdk="Microsoft.NET.Sdk.Web">
                  <Sdk Name="SuperDeploy.Sdk" />
                {body}
                </Project>
                """, globalJson: """{ "msbuild-sdks": { "SuperDeploy.Sdk": "$(SuperDeployTestVersion)" } }"""),
            "PackageReference" => TestProject.Create(sdk, "Web", $"""
                <Project Sdk="Microsoft.NET.Sdk.Web">
                {body}
                  <ItemGroup>
                    <PackageReference Include="SuperDeploy.Sdk" Version="$(SuperDeployTestVersion)" PrivateAssets="all" />
                  </ItemGroup>
                </Project>
                """),
            _ => throw new ArgumentOutOfRangeException(nameof(style)),
        };
    }

    [Theory]
    [MemberData(nameof(ReferenceStyles))]
    public void EveryReferenceStyleGeneratesTheFilesAndPrintsTheSummary(string style)
    {
        var web = CreateWeb(style);

        var result = web.Build();

        Assert.True(result.Succeeded, result.ToString());
        AssertGenerated(web);
        AssertSummary(result.Output, "web:", "✓ .superdeploy (2 processes)", "Secrets: 1", "✓ .github/workflows/deploy.yml");
        Assert.Contains("tests/web:build", File.ReadAllText(web.Stack));
    }

    [Fact]
    public void TheTaskHostRunsTheSameGeneration()
    {
        var web = CreateWeb();

        var result = web.Build("-p:SuperDeployUseTaskHost=true");

        Assert.True(result.Succeeded, result.ToString());
        AssertGenerated(web);
    }

    [Fact]
    public void RebuildsAreIncrementalAndCleanKeepsTheSourceTree()
    {
        var web = CreateWeb();
        Assert.True(web.Build().Succeeded);
        var sourceTree = new[] { web.Marker, web.Workflow, web.Stack, web.CaddySite };
        var written = sourceTree.ToDictionary(f => f, File.GetLastWriteTimeUtc);

        // Nothing changed: the target is skipped.
        var second = web.Build("--no-restore", "-v:n");
        Assert.True(second.Succeeded, second.ToString());
        Assert.Contains(SkippedGenerate, second.Output);
        Assert.Equal(written, sourceTree.ToDictionary(f => f, File.GetLastWriteTimeUtc));

        // The project file changed but not what SuperDeploy generates from it: the target runs, files keep their timestamps.
        File.WriteAllText(web.ProjectFile, File.ReadAllText(web.ProjectFile).Replace("</Project>", "  <PropertyGroup><Description>changed</Description></PropertyGroup>\n</Project>"));
        var third = web.Build("--no-restore", "-v:n");
        Assert.True(third.Succeeded, third.ToString());
        Assert.DoesNotContain(SkippedGenerate, third.Output);
        AssertSummary(third.Output, "web:");
        Assert.Equal(written, sourceTree.ToDictionary(f => f, File.GetLastWriteTimeUtc));

        // A deleted generated file comes back on the next build.
        File.Delete(web.Workflow);
        var fourth = web.Build("--no-restore");
        Assert.True(fourth.Succeeded, fourth.ToString());
        Assert.True(File.Exists(web.Workflow));

        var clean = web.Run("clean");
        Assert.True(clean.Succeeded, clean.ToString());
        Assert.False(Directory.Exists(web.Intermediate), "obj/superdeploy survived Clean");
        Assert.True(File.Exists(web.Marker));
        Assert.True(File.Exists(web.Workflow));
    }

    [Fact]
    public void AProcfileEditRegenerates()
    {
        var web = CreateWeb(processes: """
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <SuperDeployProject>tests</SuperDeployProject>
                <SuperDeployUseProcfile>true</SuperDeployUseProcfile>
              </PropertyGroup>
            """);
        var procfile = Path.Combine(web.Directory, "Procfile");
        File.WriteAllText(procfile, "worker: dotnet Web.dll --worker\n");
        var first = web.Build();
        Assert.True(first.Succeeded, first.ToString());
        AssertSummary(first.Output, "web:", "✓ .superdeploy (1 process)");

        File.AppendAllText(procfile, "clock: dotnet Web.dll --clock\n");
        var second = web.Build("--no-restore", "-v:n");

        Assert.True(second.Succeeded, second.ToString());
        Assert.DoesNotContain(SkippedGenerate, second.Output);
        AssertSummary(second.Output, "web:", "✓ .superdeploy (2 processes)");
        Assert.Contains("clock:", File.ReadAllText(web.Marker));
    }

    [Fact]
    public void AnInvalidProcessFailsWithItsCodeAndWritesNothing()
    {
        var web = CreateWeb(processes: """
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <SuperDeployProcess Include="web" Command="dotnet Web.dll" Port="eighty" />
              </ItemGroup>
            """);

        var result = web.Build();

        Assert.False(result.Succeeded, result.ToString());
        Assert.Matches(new Regex($@"{Regex.Escape(web.ProjectFile)}.*error SD1\d{{3}}:"), result.Output);
        AssertNothingGenerated(web);
    }

    [Theory]
    [InlineData(".superdeploy")]
    [InlineData(".github/workflows/deploy.yml")]
    public void AFileSuperDeployDidNotWriteIsNeverOverwritten(string relativePath)
    {
        var web = CreateWeb();
        var foreign = Path.Combine(web.Directory, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(foreign)!);
        File.WriteAllText(foreign, "# my own file\nname: mine\n");
        var bytes = File.ReadAllBytes(foreign);
        var time = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(foreign, time);

        var result = web.Build();

        Assert.False(result.Succeeded, result.ToString());
        Assert.Matches(new Regex($@"{Regex.Escape(foreign)}.*error SD2001:"), result.Output);
        Assert.Equal(bytes, File.ReadAllBytes(foreign));
        Assert.Equal(time, File.GetLastWriteTimeUtc(foreign));
        var others = new[] { web.Marker, web.Workflow }.Where(f => f != foreign);
        Assert.All(others, f => Assert.False(File.Exists(f), $"{f} was written despite the conflict"));
        Assert.False(File.Exists(web.Stack));
        Assert.False(File.Exists(web.Stamp));
    }

    [Fact]
    public void AnEditedGeneratedFileIsNeverOverwritten()
    {
        var web = CreateWeb();
        Assert.True(web.Build().Succeeded);
        File.AppendAllText(web.Marker, "extra: my edit\n");
        var bytes = File.ReadAllBytes(web.Marker);
        File.WriteAllText(web.ProjectFile, File.ReadAllText(web.ProjectFile).Replace("Replicas=\"2\"", "Replicas=\"3\""));

        var result = web.Build("--no-restore");

        Assert.False(result.Succeeded, result.ToString());
        Assert.Matches(new Regex($@"{Regex.Escape(web.Marker)}.*error SD2002:"), result.Output);
        Assert.Equal(bytes, File.ReadAllBytes(web.Marker));
    }

    [Fact]
    public void DesignTimeBuildsWriteNothing()
    {
        var web = CreateWeb();

        var result = web.Build("-p:DesignTimeBuild=true");

        Assert.True(result.Succeeded, result.ToString());
        AssertNothingGenerated(web);
        Assert.False(Directory.Exists(web.Intermediate));
    }

    [Fact]
    public void PublishCarriesTheAgentUnlessOptedOut()
    {
        var web = CreateWeb();
        var withAgent = Path.Combine(web.Directory, "out", "with");
        var without = Path.Combine(web.Directory, "out", "without");

        var published = web.Run("publish", "-o", withAgent);
        var optedOut = web.Run("publish", "--no-build", "-o", without, "-p:SuperDeployIncludeAgent=false");

        Assert.True(published.Succeeded, published.ToString());
        Assert.True(optedOut.Succeeded, optedOut.ToString());
        foreach (var file in new[] { "SuperDeploy.Agent.dll", "SuperDeploy.Agent.runtimeconfig.json", "SuperDeploy.Agent.deps.json", "Cronos.dll" })
        {
            Assert.True(File.Exists(Path.Combine(withAgent, "superdeploy", file)), $"superdeploy/{file} missing from the publish output");
        }

        Assert.True(File.Exists(Path.Combine(without, "Web.dll")));
        Assert.False(Directory.Exists(Path.Combine(without, "superdeploy")));
    }

    [Fact]
    public void TheApiSampleBuilds()
    {
        var samples = Repository.Samples;
        var sample = Path.Combine(samples, "Api");
        Assert.True(Directory.Exists(sample), $"{sample} does not exist");
        var api = TestProject.CopyOf(sdk, sample, "Api");
        var globalJson = File.Exists(Path.Combine(samples, "global.json"))
            ? JsonNode.Parse(File.ReadAllText(Path.Combine(samples, "global.json")))!.AsObject()
            : new JsonObject();
        globalJson["msbuild-sdks"] ??= new JsonObject();
        globalJson["msbuild-sdks"]!["SuperDeploy.Sdk"] = sdk.Version;
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(api.Directory)!, "global.json"), globalJson.ToJsonString());

        var result = api.Build();

        Assert.True(result.Succeeded, result.ToString());
        AssertGenerated(api);
        AssertSummary(result.Output, "api:");
    }

    private static void AssertGenerated(TestProject project)
    {
        foreach (var file in new[] { project.Marker, project.Workflow, project.Stack, project.CaddySite, project.Stamp })
        {
            Assert.True(File.Exists(file), $"{file} was not generated");
        }

        Assert.StartsWith("# Generated by SuperDeploy.Sdk", File.ReadAllText(project.Marker));
        Assert.StartsWith("# Generated by SuperDeploy.Sdk", File.ReadAllText(project.Workflow));
    }

    private static void AssertNothingGenerated(TestProject project)
    {
        foreach (var file in new[] { project.Marker, project.Workflow, project.Stack, project.CaddySite, project.Stamp })
        {
            Assert.False(File.Exists(file), $"{file} was written");
        }
    }

    /// <summary>The lines appear in this order, each on its own line (loggers may indent them).</summary>
    private static void AssertSummary(string output, params string[] lines)
    {
        var outputLines = output.Split('\n').Select(l => l.Trim()).ToList();
        var at = 0;
        foreach (var line in lines)
        {
            var found = outputLines.FindIndex(at, l => l == line);
            Assert.True(found >= 0, $"Summary line '{line}' missing (in order) from:\n{output}");
            at = found + 1;
        }
    }
}
