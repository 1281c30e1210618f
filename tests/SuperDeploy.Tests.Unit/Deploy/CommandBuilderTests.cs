using SuperDeploy.Deploy.Commands;

namespace SuperDeploy.Tests.Unit.Deploy;

/// <summary>Every builder's exact argv: what runs on the target is data, checked without Docker.</summary>
public class CommandBuilderTests
{
    private static void Is(Command command, params string[] argv) => Assert.Equal(argv, command.Argv);

    [Fact]
    public void Lock()
    {
        var acquire = LockCommands.Acquire("api", "ci@runner pid 7", "2025-01-31T12:00:00Z");
        Is(acquire, "docker", "config", "create", "--label", "superdeploy.lock.holder=ci@runner pid 7",
            "--label", "superdeploy.lock.since=2025-01-31T12:00:00Z", "superdeploy-lock-api", "-");
        Assert.Equal("ci@runner pid 7\n2025-01-31T12:00:00Z\n", acquire.Stdin);
        Is(LockCommands.Inspect("api"), "docker", "config", "inspect", "--format",
            "{{index .Spec.Labels \"superdeploy.lock.holder\"}}\t{{index .Spec.Labels \"superdeploy.lock.since\"}}", "superdeploy-lock-api");
        Is(LockCommands.Release("api"), "docker", "config", "rm", "superdeploy-lock-api");
    }

    [Fact]
    public void Swarm()
    {
        Is(SwarmCommands.Info(), "docker", "info", "--format", "{{.Swarm.LocalNodeState}}\t{{.Swarm.ControlAvailable}}");
        Is(SwarmCommands.Init(), "docker", "swarm", "init", "--advertise-addr", "127.0.0.1");
        Is(SwarmCommands.FindNetwork("demo-net"), "docker", "network", "ls", "--filter", "name=demo-net", "--format", "{{.Name}}");
        Is(SwarmCommands.CreateNetwork("demo", "demo-net"),
            "docker", "network", "create", "--driver", "overlay", "--attachable", "--label", "superdeploy.project=demo", "demo-net");
    }

    [Fact]
    public void Stack()
    {
        var deploy = StackCommands.Deploy("api", "services: {}\n", "always", detachFlag: true);
        Is(deploy, "docker", "stack", "deploy", "--compose-file", "-", "--prune", "--with-registry-auth", "--resolve-image", "always",
            "--detach=true", "api");
        Assert.Equal("services: {}\n", deploy.Stdin);
        Is(StackCommands.Deploy("api", "x", "never", detachFlag: false),
            "docker", "stack", "deploy", "--compose-file", "-", "--prune", "--with-registry-auth", "--resolve-image", "never", "api");
        Is(StackCommands.Remove("api"), "docker", "stack", "rm", "api");
    }

    [Fact]
    public void Release()
    {
        var app = TestApps.Api();
        var release = app.Release!;
        Is(ReleaseCommands.Create(app, release, "127.0.0.1:5000/demo/api:abc", "api-release-abc"),
            "docker", "service", "create", "--mode", "replicated-job", "--restart-condition", "none", "--network", "demo-net",
            "--name", "api-release-abc",
            "--label", "superdeploy.project=demo", "--label", "superdeploy.app=api", "--label", "superdeploy.process=release",
            "--label", "superdeploy.kind=release", "--env", "PROCESS_TYPE=release", "--with-registry-auth", "--detach",
            "--entrypoint", "dotnet", "127.0.0.1:5000/demo/api:abc", "Api.dll", "--migrate");
        Is(ReleaseCommands.Tasks("api-release-abc"), "docker", "service", "ps", "--no-trunc", "--quiet", "api-release-abc");
        Is(ReleaseCommands.TaskStatus("t1"), "docker", "inspect", "--type", "task", "--format",
            "{{.Status.State}}\t{{with .Status.ContainerStatus}}{{.ExitCode}}{{end}}\t{{.Status.Err}}", "t1");
        Is(ReleaseCommands.Logs("api-release-abc"), "docker", "service", "logs", "--raw", "api-release-abc");
        Is(ReleaseCommands.Remove("api-release-abc"), "docker", "service", "rm", "api-release-abc");
        Is(ReleaseCommands.RemoveContainers("api-release-abc"), "docker", "container", "prune", "--force", "--filter",
            "label=com.docker.swarm.service.name=api-release-abc");
    }

    [Fact]
    public void AReleaseOnALocalOnlyImageDoesNotAskARegistry()
    {
        var app = TestApps.Api();
        var argv = ReleaseCommands.Create(app, app.Release!, "demo/api:abc", "job", resolveImage: false).Argv;
        Assert.Equal(["--detach", "--no-resolve-image", "--entrypoint"], argv.SkipWhile(a => a != "--detach").Take(3));
    }

    [Fact]
    public void ReleaseWithVariablesRunsThroughAShell()
    {
        var app = TestApps.Api();
        var release = TestApps.Process("release", Model.ProcessKind.Release, "migrate --to $TARGET");
        var argv = ReleaseCommands.Create(app, release, "img:1", "job").Argv;
        Assert.Equal(["--entrypoint", "/bin/sh", "img:1", "-c", "exec migrate --to $TARGET"], argv.Skip(argv.Count - 5));
    }

    [Fact]
    public void ReleaseEntrypointIsQuotedBecauseTheCliSplitsIt()
    {
        var release = TestApps.Process("release", Model.ProcessKind.Release, "'/opt/my tool' migrate");
        var argv = ReleaseCommands.Create(TestApps.Api(), release, "img:1", "job").Argv;
        Assert.Equal(["--entrypoint", "'/opt/my tool'", "img:1", "migrate"], argv.Skip(argv.Count - 4));
    }

    [Theory]
    [InlineData("api", "3f2a1b0c9d8e", "api-release-3f2a1b0c9d8e")]
    [InlineData("api", "1.2.3_rc", "api-release-1-2-3-rc")]
    [InlineData("a-very-long-application-name-indeed", "3f2a1b0c9d8e-20250131120000", "a-very-long-application-name-indeed-release-3f2a1b0c9d8e-202501")]
    public void ReleaseJobNameIsAValidServiceName(string app, string tag, string expected)
    {
        var name = ReleaseCommands.JobName(app, tag);
        Assert.Equal(expected, name);
        Assert.True(name.Length <= 63);
    }

    [Fact]
    public void Services()
    {
        Is(ServiceCommands.List("api"), "docker", "service", "ls", "--filter", "label=com.docker.stack.namespace=api", "--format", "{{.Name}}");
        Is(ServiceCommands.Inspect(["api_api-web", "api_api-worker"]), "docker", "service", "inspect", "--format", ServiceCommands.InspectFormat,
            "api_api-web", "api_api-worker");
        Is(ServiceCommands.RunningTasks(["api_api-web"]), "docker", "service", "ps", "--no-trunc", "--filter", "desired-state=running",
            "--format", "{{.ID}}\t{{.Name}}\t{{.Image}}\t{{.CurrentState}}\t{{.Error}}\t{{.Node}}", "api_api-web");
        Is(ServiceCommands.Scale([new("api_api-web", 3), new("api_api-worker", 0)]),
            "docker", "service", "scale", "--detach=true", "api_api-web=3", "api_api-worker=0");
        Is(ServiceCommands.Logs("api_api-worker", 100, follow: true), "docker", "service", "logs", "--tail", "100", "--follow", "api_api-worker");
        Is(ServiceCommands.Logs("api_api-worker", null, follow: false), "docker", "service", "logs", "api_api-worker");
    }

    [Fact]
    public void Edge()
    {
        var deploy = EdgeCommands.Deploy("demo", "services: {}\n", detachFlag: true);
        Is(deploy, "docker", "stack", "deploy", "--compose-file", "-", "--prune", "--with-registry-auth", "--resolve-image", "always",
            "--detach=true", "demo-edge");
        Is(EdgeCommands.FindContainer("demo-edge_caddy"), "docker", "ps", "--filter", "label=com.docker.swarm.service.name=demo-edge_caddy",
            "--filter", "status=running", "--format", "{{.ID}}");
        Is(EdgeCommands.EnsureSitesDirectory("c1"), "docker", "exec", "c1", "mkdir", "-p", "/data/superdeploy/sites");
        Is(EdgeCommands.ReadSite("c1", "api"), "docker", "exec", "c1", "cat", "/data/superdeploy/sites/api.caddy");
        var write = EdgeCommands.WriteSite("c1", "api", "http://api.demo.localhost {\n}\n");
        Is(write, "docker", "exec", "-i", "c1", "tee", "/data/superdeploy/sites/api.caddy.new");
        Assert.Equal("http://api.demo.localhost {\n}\n", write.Stdin);
        Is(EdgeCommands.CommitSite("c1", "api"), "docker", "exec", "c1", "mv", "-f", "/data/superdeploy/sites/api.caddy.new", "/data/superdeploy/sites/api.caddy");
        Is(EdgeCommands.RemoveSite("c1", "api"), "docker", "exec", "c1", "rm", "-f", "/data/superdeploy/sites/api.caddy", "/data/superdeploy/sites/api.caddy.new");
        Is(EdgeCommands.Reload("c1", SuperDeploy.Generators.EdgeGenerator.ReloadArgv),
            "docker", "exec", "c1", "caddy", "reload", "--config", "/etc/caddy/Caddyfile", "--adapter", "caddyfile", "--address", "localhost:2019");
        Is(EdgeCommands.InspectCaddyfile("demo-edge-caddyfile-0123"), "docker", "config", "inspect", "--format", "{{.Spec.Name}}", "demo-edge-caddyfile-0123");
        var caddyfile = EdgeCommands.CreateCaddyfile("demo", "demo-edge-caddyfile-0123", "{\n}\n");
        Is(caddyfile, "docker", "config", "create", "--label", "superdeploy.project=demo", "demo-edge-caddyfile-0123", "-");
        Assert.Equal("{\n}\n", caddyfile.Stdin);
    }

    [Fact]
    public void ReleaseRecords()
    {
        var at = new DateTimeOffset(2025, 1, 31, 12, 34, 56, TimeSpan.Zero);
        var create = ReleaseRecordCommands.Create("demo", "api", "127.0.0.1:5000/demo/api:abc", "abc", "abc123", at, "sha256:0123");
        Is(create, "docker", "config", "create", "--label", "superdeploy.project=demo", "--label", "superdeploy.app=api",
            "--label", "superdeploy.image=127.0.0.1:5000/demo/api:abc", "--label", "superdeploy.tag=abc", "--label", "superdeploy.commit=abc123",
            "--label", "superdeploy.time=2025-01-31T12:34:56Z", "--label", "superdeploy.digest=sha256:0123", "superdeploy-release-api-20250131123456", "-");
        Assert.Equal("image: 127.0.0.1:5000/demo/api:abc\ntag: abc\ncommit: abc123\ntime: 2025-01-31T12:34:56Z\n", create.Stdin);
        Is(ReleaseRecordCommands.List("api"), "docker", "config", "ls", "--filter", "label=superdeploy.app=api", "--filter", "name=superdeploy-release-api-",
            "--format", "{{.Name}}\t{{.Label \"superdeploy.image\"}}\t{{.Label \"superdeploy.tag\"}}\t{{.Label \"superdeploy.commit\"}}\t{{.Label \"superdeploy.time\"}}\t{{.Label \"superdeploy.digest\"}}");
        Is(ReleaseRecordCommands.Remove("superdeploy-release-api-20250131123456"), "docker", "config", "rm", "superdeploy-release-api-20250131123456");
    }

    [Fact]
    public void SensitiveCommandsHideTheirArguments()
    {
        var command = new Command(["docker", "login", "--password", "hunter2", "ghcr.io"], Sensitive: true);
        Assert.DoesNotContain("hunter2", command.Display);
        Assert.StartsWith("docker login", command.Display);
    }
}
