using SuperDeploy.Model;

namespace SuperDeploy.Tests.Unit;

public class SmokeTests
{
    [Fact]
    public void ServiceNameIsAppDashProcess()
    {
        var process = new ProcessDefinition("web", ProcessKind.Web, "dotnet Api.dll", 8000, 2, null, "/health", null, null, [], new SourceLocation("Api.csproj"));
        Assert.Equal("api-web", process.ServiceName("api"));
    }
}
