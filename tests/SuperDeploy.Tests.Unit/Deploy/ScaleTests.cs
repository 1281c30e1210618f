using SuperDeploy.Deploy;
using SuperDeploy.Deploy.Execution;
using SuperDeploy.Validation;

namespace SuperDeploy.Tests.Unit.Deploy;

public class ScaleTests
{
    [Theory]
    [InlineData("web=3", "web=3")]
    [InlineData("web=3 worker=10", "web=3 worker=10")]
    [InlineData("  web=3,worker=0 ", "web=3 worker=0")]
    [InlineData("api=5", "web=5 worker=5")]
    [InlineData("api:web=3", "web=3")]
    [InlineData("api:tick=0", "tick=0")]
    [InlineData("tick=1", "tick=1")]
    [InlineData("web=3 api:web=3", "web=3")]
    [InlineData("web=1000", "web=1000")]
    public void ValidSpecs(string spec, string expected)
    {
        var entries = ScaleSpec.Parse(spec, TestApps.Api());
        Assert.Equal(expected, string.Join(" ", entries.Select(e => $"{e.Process.Name}={e.Replicas}")));
    }

    [Theory]
    [InlineData("", ErrorCodes.ScaleSpecInvalid)]
    [InlineData("web", ErrorCodes.ScaleSpecInvalid)]
    [InlineData("web=", ErrorCodes.ScaleSpecInvalid)]
    [InlineData("=3", ErrorCodes.ScaleSpecInvalid)]
    [InlineData("web=-1", ErrorCodes.ScaleSpecInvalid)]
    [InlineData("web=+1", ErrorCodes.ScaleSpecInvalid)]
    [InlineData("web=two", ErrorCodes.ScaleSpecInvalid)]
    [InlineData("web=1001", ErrorCodes.ScaleSpecInvalid)]
    [InlineData("web=3 web=4", ErrorCodes.ScaleSpecInvalid)]
    [InlineData(":web=3", ErrorCodes.ScaleSpecInvalid)]
    [InlineData("api:=3", ErrorCodes.ScaleSpecInvalid)]
    [InlineData("release=2", ErrorCodes.ScaleRelease)]
    [InlineData("api:release=1", ErrorCodes.ScaleRelease)]
    [InlineData("tick=2", ErrorCodes.ScaleCronReplicas)]
    [InlineData("mailer=2", ErrorCodes.UnknownProcess)]
    [InlineData("api:mailer=2", ErrorCodes.UnknownProcess)]
    [InlineData("admin:web=2", ErrorCodes.ScaleOtherApp)]
    [InlineData("web=3 admin:web=2", ErrorCodes.ScaleOtherApp)]
    public void InvalidSpecs(string spec, string code)
    {
        var error = Assert.Throws<DeployException>(() => ScaleSpec.Parse(spec, TestApps.Api()));
        Assert.Equal(code, error.Code);
    }

    [Fact]
    public async Task ScalesAllServicesInOneCommandThenWaitsUntilConverged()
    {
        var polls = 0;
        var runner = new FakeRunner()
            .On("docker service ls", "api_api-web\napi_api-worker\napi_api-tick\n")
            .On("docker service inspect", "api_api-web\t3\t2\tcompleted\t100\timg:1@sha256:00\t1738324800\t1738320000\t\n")
            .On("docker service ps", _ => CommandResult.Ok(++polls < 3
                ? "t1\tapi_api-web.1\timg:1\tRunning 1 minute ago\t\tn1\nt2\tapi_api-web.2\timg:1\tRunning 1 minute ago\t\tn1\nt3\tapi_api-web.3\timg:1\tStarting 1 second ago\t\tn1\n"
                : "t1\tapi_api-web.1\timg:1\tRunning 1 minute ago\t\tn1\nt2\tapi_api-web.2\timg:1\tRunning 1 minute ago\t\tn1\nt3\tapi_api-web.3\timg:1\tRunning 1 second ago\t\tn1\n"));
        var output = new ListOutput();
        var clock = new FakeClock();
        await new Scaler(runner, output, clock, CancellationToken.None).ScaleAsync(TestApps.Api(), "web=3", TimeSpan.FromSeconds(60));

        Assert.Single(runner.All("docker service scale"));
        Assert.True(runner.HasRun("docker service scale --detach=true api_api-web=3"));
        Assert.Equal(2 * ConvergenceWaiter.PollInterval, clock.Waited);
        Assert.Contains(output.Lines, l => l.StartsWith("  ✓ scale api:web 3 → 3"));
    }

    [Fact]
    public async Task NothingIsScaledWhenOneEntryIsWrong()
    {
        var runner = new FakeRunner().On("docker service ls", "api_api-web\napi_api-worker\n");
        var error = await Assert.ThrowsAsync<DeployException>(() =>
            new Scaler(runner, new ListOutput(), new FakeClock(), CancellationToken.None).ScaleAsync(TestApps.Api(), "web=3 release=1", TimeSpan.FromSeconds(60)));
        Assert.Equal(ErrorCodes.ScaleRelease, error.Code);
        Assert.Empty(runner.Ran);
    }

    [Fact]
    public async Task AnUndeployedAppCannotBeScaled()
    {
        var runner = new FakeRunner().On("docker service ls", "");
        var error = await Assert.ThrowsAsync<DeployException>(() =>
            new Scaler(runner, new ListOutput(), new FakeClock(), CancellationToken.None).ScaleAsync(TestApps.Api(), "web=3", TimeSpan.FromSeconds(60)));
        Assert.Equal(ErrorCodes.AppNotDeployed, error.Code);
        Assert.False(runner.HasRun("docker service scale"));
    }
}
