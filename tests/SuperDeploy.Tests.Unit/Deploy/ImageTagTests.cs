using SuperDeploy.Deploy;
using SuperDeploy.Tasks;
using SuperDeploy.Validation;

namespace SuperDeploy.Tests.Unit.Deploy;

public class ImageTagTests
{
    private static readonly DateTime Now = new(2025, 1, 31, 12, 34, 56, DateTimeKind.Utc);

    [Fact]
    public void OutsideARepositoryTheTagIsAUtcTimestamp()
    {
        var dir = Directory.CreateTempSubdirectory("sd-tag-");
        try
        {
            Assert.Equal(("20250131123456", (string?)null), SuperDeployResolveImage.ResolveTag(null, dir.FullName, Now));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void InARepositoryTheTagIsTheCommitPlusATimestampWhenDirty()
    {
        var dir = Directory.CreateTempSubdirectory("sd-tag-");
        try
        {
            void Git(params string[] args)
            {
                var info = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = dir.FullName, RedirectStandardOutput = true, RedirectStandardError = true };
                foreach (var a in args) info.ArgumentList.Add(a);
                using var p = System.Diagnostics.Process.Start(info)!;
                p.WaitForExit();
                Assert.Equal(0, p.ExitCode);
            }
            Git("init", "-q");
            File.WriteAllText(Path.Combine(dir.FullName, "a.txt"), "a");
            Git("add", ".");
            Git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "one");

            var (clean, commit) = SuperDeployResolveImage.ResolveTag(null, dir.FullName, Now);
            Assert.Matches("^[0-9a-f]{12}$", clean);
            Assert.StartsWith(clean, commit);
            Assert.Equal(40, commit!.Length);

            File.WriteAllText(Path.Combine(dir.FullName, "a.txt"), "b");
            var (dirty, _) = SuperDeployResolveImage.ResolveTag(null, dir.FullName, Now);
            Assert.Equal(clean + "-20250131123456", dirty);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("v1.2.3", null)]
    [InlineData("3f2a1b0c9d8e", null)]
    [InlineData("latest", ErrorCodes.ImageTagMutable)]
    [InlineData("LATEST", ErrorCodes.ImageTagMutable)]
    [InlineData("-x", ErrorCodes.InvalidDeployProperty)]
    [InlineData("a b", ErrorCodes.InvalidDeployProperty)]
    [InlineData("a:b", ErrorCodes.InvalidDeployProperty)]
    public void AnExplicitTagIsCheckedAndNeverLatest(string tag, string? code)
    {
        if (code is null)
        {
            Assert.Equal(tag, SuperDeployResolveImage.ResolveTag(tag, Path.GetTempPath(), Now).Tag);
            return;
        }
        Assert.Equal(code, Assert.Throws<DeployException>(() => SuperDeployResolveImage.ResolveTag(tag, Path.GetTempPath(), Now)).Code);
    }

    [Theory]
    [InlineData("ghcr.io/owner", "ghcr.io")]
    [InlineData("127.0.0.1:5000", "127.0.0.1:5000")]
    [InlineData("registry.example.com:443/a/b", "registry.example.com:443")]
    public void LoginGoesToTheRegistryHost(string registry, string host) => Assert.Equal(host, RegistryLogin.HostOf(registry));

    [Fact]
    public void TheRegistryPasswordTravelsOnStdinAndNeverInLogs()
    {
        var command = SuperDeploy.Deploy.Commands.RegistryCommands.Login(new RegistryLogin("ghcr.io", "bot", "s3cret"));
        Assert.Equal(["docker", "login", "--username", "bot", "--password-stdin", "ghcr.io"], command.Argv);
        Assert.Equal("s3cret", command.Stdin);
        Assert.DoesNotContain("bot", command.Display);
        Assert.DoesNotContain("s3cret", new RegistryLogin("ghcr.io", "bot", "s3cret").ToString());
    }
}
