using SuperDeploy.Deploy;
using SuperDeploy.Deploy.Commands;
using SuperDeploy.Deploy.Execution;
using SuperDeploy.Validation;

namespace SuperDeploy.Tests.Unit.Deploy;

public class SshRunnerTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a/b:c=d,e@f%g+h-i.j_k", "a/b:c=d,e@f%g+h-i.j_k")]
    [InlineData("", "''")]
    [InlineData("two words", "'two words'")]
    [InlineData("$PORT", "'$PORT'")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("say \"hi\"", "'say \"hi\"'")]
    [InlineData("{{.Name}}\t{{.ID}}", "'{{.Name}}\t{{.ID}}'")]
    [InlineData("a;rm -rf /", "'a;rm -rf /'")]
    [InlineData("`x` $(y) *", "'`x` $(y) *'")]
    public void QuotesForAPosixShell(string arg, string quoted) => Assert.Equal(quoted, PosixShell.Quote(arg));

    [Fact]
    public void QuotedArgvRoundTripsThroughARealShell()
    {
        if (!File.Exists("/bin/sh")) return;
        string[] argv = ["a b", "it's", "$HOME", "\"q\"", "", "x\ny", "\\", "!", "{{.Name}}\t{{.ID}}"];
        var script = "for a in " + PosixShell.Join(argv) + "; do printf '%s\\0' \"$a\"; done";
        var info = new System.Diagnostics.ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(argv, output.Split('\0')[..^1]);
    }

    [Fact]
    public void ArgvWithAllOptions()
    {
        var target = SshTarget.TryParse("deploy@203.0.113.10", 2222, "/keys/id", "/keys/known_hosts", out _)!;
        var runner = new SshRunner(target);
        var argv = runner.Argv(Command.Docker("service", "logs", "--tail", "5", "api_api-web"));
        Assert.Equal(
            ["ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-p", "2222", "-i", "/keys/id", "-o", "IdentitiesOnly=yes",
             "-o", "UserKnownHostsFile=/keys/known_hosts", "deploy@203.0.113.10", "--", "docker service logs --tail 5 api_api-web"],
            argv);
    }

    [Fact]
    public void ArgvWithoutOptionsLeavesItToTheSshConfig()
    {
        var target = SshTarget.TryParse("prod-vm", null, "", null, out _)!;
        var argv = new SshRunner(target).Argv(Command.Docker("info", "--format", "{{.Swarm.LocalNodeState}}"));
        Assert.Equal(["ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "prod-vm", "--", "docker info --format '{{.Swarm.LocalNodeState}}'"], argv);
    }

    [Fact]
    public void ASharedConnectionIsOneMasterInAPrivateDirectoryRemovedAtTheEnd()
    {
        using var sharing = SshConnectionSharing.TryCreate();
        if (sharing is null || OperatingSystem.IsWindows()) return; // Windows: no multiplexing
        var target = SshTarget.TryParse("prod-vm", 2222, null, null, out _)!;
        var runner = new SshRunner(target, "/bin/true", sharing);

        var argv = runner.Argv(Command.Docker("info"));

        Assert.Equal(["/bin/true", "-o", "ControlMaster=auto", "-o", "ControlPath=" + sharing.ControlPath, "-o", "ControlPersist=30",
            "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-p", "2222", "prod-vm", "--", "docker info"], argv);
        Assert.True(sharing.ControlPath.Length < 90, "a unix socket path must stay short");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(sharing.Directory));
        runner.Dispose();
        Assert.False(Directory.Exists(sharing.Directory));
    }

    [Theory]
    [InlineData("ssh://root@127.0.0.1:2222", null, "root@127.0.0.1", 2222)]
    [InlineData("ssh://root@127.0.0.1:2222", 22, "root@127.0.0.1", 22)]
    [InlineData("ssh://vm", null, "vm", null)]
    [InlineData("ssh://root@[::1]:2200", null, "root@::1", 2200)]
    [InlineData(" deploy@vm ", 2222, "deploy@vm", 2222)]
    public void ParsesHosts(string host, int? port, string destination, int? expectedPort)
    {
        var target = SshTarget.TryParse(host, port, null, null, out var error);
        Assert.Null(error);
        Assert.Equal(destination, target!.Destination);
        Assert.Equal(expectedPort, target.Port);
    }

    [Theory]
    [InlineData("-oProxyCommand=evil")]
    [InlineData("user@")]
    [InlineData("two hosts")]
    [InlineData("ssh://vm:notaport")]
    [InlineData("ssh://vm:70000")]
    public void RejectsHostsThatAreNotDestinations(string host)
    {
        var target = SshTarget.TryParse(host, null, null, null, out var error);
        Assert.Null(target);
        Assert.NotNull(error);
    }

    [Theory]
    [InlineData("@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\nHost key verification failed.", ErrorCodes.SshHostKeyChanged)]
    [InlineData("No ED25519 host key is known for [127.0.0.1]:2222 and you have requested strict checking.\r\nHost key verification failed.", ErrorCodes.SshHostKeyUnknown)]
    [InlineData("Host key verification failed.", ErrorCodes.SshHostKeyUnknown)]
    [InlineData("root@127.0.0.1: Permission denied (publickey).", ErrorCodes.SshAuthenticationFailed)]
    [InlineData("ssh: connect to host 127.0.0.1 port 2299: Connection refused", ErrorCodes.SshConnectionFailed)]
    [InlineData("ssh: Could not resolve hostname nope: Name or service not known", ErrorCodes.SshConnectionFailed)]
    public void ClassifiesSshFailures(string stderr, string code)
    {
        var runner = new SshRunner(new SshTarget("root@127.0.0.1", 2222));
        Assert.Equal(code, runner.Classify(stderr)?.Code);
    }

    [Fact]
    public void ARemoteCommandsOwnFailureIsNotAnSshError()
    {
        var runner = new SshRunner(new SshTarget("root@vm"));
        Assert.Null(runner.Classify("Error response from daemon: config superdeploy-lock-api already exists"));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task AFakeSshThatRejectsTheHostKeyDeploysNothing()
    {
        // A stand-in ssh: prints what OpenSSH prints for an unknown host and exits 255.
        var dir = Directory.CreateTempSubdirectory("sd-ssh-");
        var fake = Path.Combine(dir.FullName, "ssh");
        File.WriteAllText(fake, "#!/bin/sh\necho 'Host key verification failed.' >&2\nexit 255\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            var runner = new SshRunner(new SshTarget("root@vm"), fake);
            var error = await Assert.ThrowsAsync<DeployException>(() => runner.RunAsync(LockCommands.Release("api"), null, CancellationToken.None));
            Assert.Equal(ErrorCodes.SshHostKeyUnknown, error.Code);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task LocalRunnerStreamsLinesAndFeedsStdin()
    {
        var lines = new List<string>();
        var result = await new LocalRunner().RunAsync(new Command(["/bin/sh", "-c", "cat; echo err >&2; exit 4"], Stdin: "one\ntwo\n"), lines.Add, CancellationToken.None);
        Assert.Equal(4, result.ExitCode);
        Assert.Equal("one\ntwo\n", result.Stdout);
        Assert.Equal("err\n", result.Stderr);
        Assert.Equal(["err", "one", "two"], lines.Order());
    }

    [Fact]
    public async Task LocalRunnerReportsAMissingProgramWithACode()
    {
        var error = await Assert.ThrowsAsync<DeployException>(() =>
            new LocalRunner().RunAsync(new Command(["/nonexistent/docker", "info"]), null, CancellationToken.None));
        Assert.Equal(ErrorCodes.ProgramNotFound, error.Code);
    }
}
