using System;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Cronos;

namespace SuperDeploy.Agent
{
    /// <summary>Command-line dispatch. Exit codes: 0 success/healthy, 1 unhealthy, 2 usage error.</summary>
    internal static class Program
    {
        public const int Ok = 0;
        public const int Unhealthy = 1;
        public const int UsageError = 2;

        internal const string Usage =
            "usage: dotnet SuperDeploy.Agent.dll <command>\n" +
            "  health <http://host:port/path | tcp://host:port> [--timeout <seconds>] [--host <header>]\n" +
            "      one GET (redirects not followed) or TCP connect within the timeout (default 3 s);\n" +
            "      exit 0 on HTTP 2xx/3xx or a connection, 1 otherwise, 2 on bad arguments\n" +
            "  cron <schedule> [--run-now] [--state-file <path>] [--grace <seconds>] -- <command> [<arg>...]\n" +
            "      runs the command on each tick of a 5-field cron schedule or @hourly-style macro (UTC);\n" +
            "      never two runs at once (a tick during a run is skipped), missed ticks are not replayed;\n" +
            "      SIGTERM is forwarded to the running command, which is killed after the grace time (10 s)\n" +
            "  exec -- <command> [<arg>...]\n" +
            "      sets each NAME of SUPERDEPLOY_ENV_FILES (NAME=/run/secrets/file;...) to the file's content\n" +
            "      (one trailing newline removed), then replaces itself with the command (same pid);\n" +
            "      exit 2 when a file is missing, 127 when the command is not found, 126 when it cannot run\n" +
            "  forward <listen-port> <host>:<port>\n" +
            "      TCP relay: accepts on every address at listen-port and connects each client to host:port,\n" +
            "      copying both ways until both sides are done; exit 0 on SIGTERM/SIGINT (open connections closed)\n" +
            "  version\n";

        private const string DefaultStateFile = "/tmp/superdeploy-cron.json";

        public static async Task<int> Main(string[] args)
        {
            if (args.Length > 0 && args[0] is "cron" or "forward")
            {
                using var stopping = new CancellationTokenSource();
                void Stop(PosixSignalContext context)
                {
                    context.Cancel = true; // shut down through the scheduler, which forwards the signal to the command
                    stopping.Cancel();
                }

                using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
                using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
                using var quit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Stop);
                return await RunAsync(args, Console.Out, Console.Error, stopping.Token).ConfigureAwait(false);
            }

            return await RunAsync(args, Console.Out, Console.Error, CancellationToken.None).ConfigureAwait(false);
        }

        internal static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken stopping)
        {
            string command = args.Length > 0 ? args[0] : string.Empty;
            switch (command)
            {
                case "health":
                    return HealthAsync(args, stdout, stderr);
                case "cron":
                    return CronAsync(args, stdout, stderr, stopping);
                case "forward":
                    return ForwardAsync(args, stdout, stderr, stopping);
                case "exec":
                    return Task.FromResult(ExecCommand.Run(args, Environment.GetEnvironmentVariable(EnvFiles.Variable), stderr, NativeProcessImage.Instance));
                case "version" when args.Length == 1:
                    stdout.WriteLine(Version);
                    return Task.FromResult(Ok);
                case "help" or "--help" or "-h":
                    stdout.Write(Usage);
                    return Task.FromResult(Ok);
                default:
                    return Task.FromResult(Fail(stderr, args.Length == 0 ? "missing command" : $"unexpected arguments: {string.Join(' ', args)}"));
            }
        }

        internal static string Version =>
            typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

        private static async Task<int> HealthAsync(string[] args, TextWriter stdout, TextWriter stderr)
        {
            string? targetText = null;
            TimeSpan timeout = HealthProbe.DefaultTimeout;
            string? host = null;
            for (int i = 1; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--timeout" when i + 1 < args.Length && TryParseSeconds(args[i + 1], out timeout):
                        i++;
                        break;
                    case "--host" when i + 1 < args.Length && args[i + 1].Length > 0:
                        host = args[++i];
                        break;
                    case var positional when targetText is null && !positional.StartsWith("--", StringComparison.Ordinal):
                        targetText = positional;
                        break;
                    default:
                        return Fail(stderr, $"health: unexpected or incomplete argument '{args[i]}'");
                }
            }

            if (targetText is null)
            {
                return Fail(stderr, "health: missing target URL");
            }

            if (!HealthProbe.TryParseTarget(targetText, out Uri target, out string error))
            {
                return Fail(stderr, "health: " + error);
            }

            ProbeResult result = await HealthProbe.CheckAsync(target, timeout, host).ConfigureAwait(false);
            stdout.WriteLine(result.Message);
            return result.Healthy ? Ok : Unhealthy;
        }

        private static async Task<int> CronAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken stopping)
        {
            string? scheduleText = null;
            bool runNow = false;
            string stateFile = DefaultStateFile;
            TimeSpan grace = CronScheduler.DefaultStopGrace;
            int separator = Array.IndexOf(args, "--");
            if (separator < 0 || separator == args.Length - 1)
            {
                return Fail(stderr, "cron: missing '-- <command> [<arg>...]'");
            }

            for (int i = 1; i < separator; i++)
            {
                switch (args[i])
                {
                    case "--run-now":
                        runNow = true;
                        break;
                    case "--state-file" when i + 1 < separator && args[i + 1].Length > 0:
                        stateFile = args[++i];
                        break;
                    case "--grace" when i + 1 < separator && TryParseSeconds(args[i + 1], out grace):
                        i++;
                        break;
                    case var positional when scheduleText is null && !positional.StartsWith("--", StringComparison.Ordinal):
                        scheduleText = positional;
                        break;
                    default:
                        return Fail(stderr, $"cron: unexpected or incomplete argument '{args[i]}'");
                }
            }

            if (scheduleText is null)
            {
                return Fail(stderr, "cron: missing schedule");
            }

            CronExpression schedule;
            try
            {
                schedule = CronExpression.Parse(scheduleText, CronFormat.Standard);
            }
            catch (CronFormatException ex)
            {
                return Fail(stderr, $"cron: invalid schedule '{scheduleText}': {ex.Message}");
            }

            string[] argv = args[(separator + 1)..];
            var scheduler = new CronScheduler(schedule, SystemClock.Instance, () => ChildProcess.Start(argv), stdout, stateFile, grace);
            await scheduler.RunAsync(runNow, stopping).ConfigureAwait(false);
            return Ok;
        }

        private static async Task<int> ForwardAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken stopping)
        {
            if (args.Length != 3
                || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out int listenPort) || listenPort > 65535
                || !TcpForwarder.TryParseTarget(args[2], out string host, out int port))
            {
                return Fail(stderr, "forward: expected <listen-port> <host>:<port>");
            }

            try
            {
                await new TcpForwarder(listenPort, host, port, stdout).RunAsync(stopping).ConfigureAwait(false);
            }
            catch (System.Net.Sockets.SocketException e)
            {
                stderr.WriteLine($"superdeploy-forward: cannot listen on port {listenPort.ToString(CultureInfo.InvariantCulture)}: {e.Message}");
                return Unhealthy;
            }

            return Ok;
        }

        private static bool TryParseSeconds(string text, out TimeSpan value)
        {
            value = default;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
                || !(seconds > 0 && seconds <= 86400))
            {
                return false;
            }

            value = TimeSpan.FromSeconds(seconds);
            return true;
        }

        private static int Fail(TextWriter stderr, string message)
        {
            stderr.WriteLine("superdeploy-agent: " + message);
            stderr.Write(Usage);
            return UsageError;
        }
    }
}
