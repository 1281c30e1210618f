using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace SuperDeploy.Agent
{
    /// <summary>What `exec` does to the running process; the real one is libc, tests record the calls.</summary>
    internal interface IProcessImage
    {
        bool SetEnvironment(byte[] name, byte[] value);

        /// <summary>Replaces the process with argv; returns only on failure, with errno.</summary>
        int Exec(string[] argv);
    }

    /// <summary>
    /// `exec -- argv...`: sets each variable of <see cref="EnvFiles.Variable"/> from its file, then replaces this
    /// process with argv (same pid: the app receives the container's signals directly, no process stays behind).
    /// So secrets become plain environment variables of the app without being in the service spec, the image or a log.
    /// </summary>
    internal static class ExecCommand
    {
        public const int CannotExecute = 126;
        public const int NotFound = 127;

        public static int Run(string[] args, string? envFiles, TextWriter stderr, IProcessImage image)
        {
            int separator = Array.IndexOf(args, "--");
            if (separator != 1 || separator == args.Length - 1)
            {
                return Usage(stderr, separator < 0 || separator == args.Length - 1
                    ? "exec: missing '-- <command> [<arg>...]'"
                    : $"exec: unexpected argument '{args[1]}'");
            }

            if (!EnvFiles.TryParse(envFiles, out IReadOnlyList<EnvFile> files, out string error))
            {
                return Error(stderr, Program.UsageError, "exec: " + error);
            }

            foreach (EnvFile file in files)
            {
                if (!EnvFiles.TryRead(file, out byte[] value, out error))
                {
                    return Error(stderr, Program.UsageError, "exec: " + error);
                }

                if (!image.SetEnvironment(Encoding.UTF8.GetBytes(file.Name), value))
                {
                    return Error(stderr, Program.UsageError, $"exec: {file.Name}: setenv failed");
                }
            }

            string[] argv = args[(separator + 1)..];
            stderr.Flush();
            int errno = image.Exec(argv);
            int code = errno == Libc.ENOENT ? NotFound : CannotExecute;
            return Error(stderr, code, $"exec: cannot run '{argv[0]}': {Describe(errno)}");
        }

        private static string Describe(int errno) => errno switch
        {
            Libc.ENOENT => "no such file or directory (not on PATH?)",
            Libc.EACCES => "permission denied",
            _ => $"errno {errno}",
        };

        private static int Usage(TextWriter stderr, string message)
        {
            stderr.WriteLine("superdeploy-agent: " + message);
            stderr.Write(Program.Usage);
            return Program.UsageError;
        }

        private static int Error(TextWriter stderr, int code, string message)
        {
            stderr.WriteLine("superdeploy-agent: " + message);
            return code;
        }
    }

    /// <summary>The running process itself.</summary>
    internal sealed class NativeProcessImage : IProcessImage
    {
        public static readonly NativeProcessImage Instance = new();

        public bool SetEnvironment(byte[] name, byte[] value) => Libc.SetEnvironment(name, value);

        public int Exec(string[] argv)
        {
            Console.Out.Flush();
            Libc.ResetSignalsForExec();
            return Libc.Exec(argv);
        }
    }
}
