using System.Text;
using SuperDeploy.Agent;

namespace SuperDeploy.Tests.Agent;

/// <summary>`exec` in-process against a recording process image: parsing, reading, and what is set before the exec.</summary>
public sealed class ExecCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("superdeploy-exec-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private sealed class RecordingImage : IProcessImage
    {
        public List<(string Name, byte[] Value)> Set { get; } = new();

        public string[]? Executed { get; private set; }

        public int Errno { get; init; } = Libc.ENOENT;

        public bool SetEnvironment(byte[] name, byte[] value)
        {
            Set.Add((Encoding.UTF8.GetString(name), value));
            return true;
        }

        public int Exec(string[] argv)
        {
            Executed = argv;
            return Errno;
        }
    }

    private string File(string name, byte[] content)
    {
        string path = Path.Combine(directory, name);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    [Theory]
    [InlineData("value", "value")]
    [InlineData("value\n", "value")]
    [InlineData("value\r\n", "value")]
    [InlineData("value\n\n", "value\n")]
    [InlineData("line1\nline2\n", "line1\nline2")]
    [InlineData("", "")]
    [InlineData("\n", "")]
    [InlineData("p@ss:/%#?é", "p@ss:/%#?é")]
    public void Each_value_is_the_files_bytes_without_one_trailing_newline(string content, string expected)
    {
        string path = File("X", Encoding.UTF8.GetBytes(content));
        var image = new RecordingImage();

        ExecCommand.Run(new[] { "exec", "--", "app" }, $"X={path}", TextWriter.Null, image);

        var (name, value) = Assert.Single(image.Set);
        Assert.Equal("X", name);
        Assert.Equal(Encoding.UTF8.GetBytes(expected), value);
    }

    [Fact]
    public void Variables_are_set_in_order_then_the_command_is_executed_with_its_exact_argv()
    {
        string a = File("A", "1"u8.ToArray());
        string b = File("B", "2"u8.ToArray());
        var image = new RecordingImage { Errno = 0 };

        ExecCommand.Run(new[] { "exec", "--", "dotnet", "App.dll", "--", "a b", "$HOME" }, $"A={a};;B={b};", TextWriter.Null, image);

        Assert.Equal(new[] { "A", "B" }, image.Set.Select(s => s.Name));
        Assert.Equal(new[] { "dotnet", "App.dll", "--", "a b", "$HOME" }, image.Executed);
    }

    [Theory]
    [InlineData("NO_EQUALS")]
    [InlineData("=/run/secrets/x")]
    [InlineData("1ABC=/run/secrets/x")]
    [InlineData("A-B=/run/secrets/x")]
    [InlineData("EMPTY=")]
    [InlineData("A=/x;A=/y")]
    public void A_malformed_list_exits_2_before_anything_is_set(string spec)
    {
        var image = new RecordingImage();
        var stderr = new StringWriter();

        int code = ExecCommand.Run(new[] { "exec", "--", "app" }, spec, stderr, image);

        Assert.Equal(2, code);
        Assert.Empty(image.Set);
        Assert.Null(image.Executed);
        Assert.Contains(EnvFiles.Variable, stderr.ToString());
    }

    [Fact]
    public void A_missing_file_exits_2_naming_the_variable_and_nothing_runs()
    {
        string secret = File("KEY", "top-secret-value"u8.ToArray());
        var image = new RecordingImage();
        var stderr = new StringWriter();

        int code = ExecCommand.Run(new[] { "exec", "--", "app" }, $"KEY={secret};DB_URL={directory}/DB_URL", stderr, image);

        Assert.Equal(2, code);
        Assert.Null(image.Executed);
        Assert.Contains("DB_URL", stderr.ToString());
        Assert.DoesNotContain("top-secret-value", stderr.ToString());
    }

    [Fact]
    public void A_value_with_a_nul_byte_is_refused()
    {
        string path = File("BIN", new byte[] { (byte)'a', 0, (byte)'b' });
        var stderr = new StringWriter();

        int code = ExecCommand.Run(new[] { "exec", "--", "app" }, $"BIN={path}", stderr, new RecordingImage());

        Assert.Equal(2, code);
        Assert.Contains("BIN", stderr.ToString());
    }

    [Theory]
    [InlineData(Libc.ENOENT, 127)]
    [InlineData(Libc.EACCES, 126)]
    public void A_failed_exec_exits_like_a_shell(int errno, int expected)
    {
        var stderr = new StringWriter();

        int code = ExecCommand.Run(new[] { "exec", "--", "missing" }, null, stderr, new RecordingImage { Errno = errno });

        Assert.Equal(expected, code);
        Assert.Contains("'missing'", stderr.ToString());
    }

    [Theory]
    [InlineData("exec")]
    [InlineData("exec", "--")]
    [InlineData("exec", "env")]
    [InlineData("exec", "--verbose", "--", "env")]
    public async Task Missing_or_extra_arguments_print_usage_and_exit_2(params string[] args)
    {
        var (code, stdout, stderr) = await HealthProbeTests.Agent(args);

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("usage: dotnet SuperDeploy.Agent.dll <command>", stderr);
    }
}
