using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;

namespace SuperDeploy.Agent
{
    /// <summary>One started run of the cron command, as the scheduler sees it.</summary>
    internal interface ICronRun
    {
        int ProcessId { get; }

        /// <summary>Completes with the exit code (128 + signal number when a signal ended it).</summary>
        Task<int> Exited { get; }

        /// <summary>Asks the run to stop (SIGTERM), so it can finish its work cleanly.</summary>
        void Terminate();

        /// <summary>Ends the run now (SIGKILL).</summary>
        void Kill();
    }

    /// <summary>The cron command as a real child process that shares the agent's stdout and stderr.</summary>
    internal sealed class ChildProcess : ICronRun
    {
        private const int SIGTERM = 15;

        private readonly Process process;

        private ChildProcess(Process process)
        {
            this.process = process;
            ProcessId = process.Id;
            Exited = WaitForExitAsync(process);
        }

        public int ProcessId { get; }

        public Task<int> Exited { get; }

        /// <summary>Starts argv[0] with the remaining arguments passed verbatim (no shell, no quoting rules).</summary>
        public static ChildProcess Start(IReadOnlyList<string> argv)
        {
            var startInfo = new ProcessStartInfo(argv[0]) { UseShellExecute = false };
            for (int i = 1; i < argv.Count; i++)
            {
                startInfo.ArgumentList.Add(argv[i]);
            }

            var process = new Process { StartInfo = startInfo };
            process.Start();
            return new ChildProcess(process);
        }

        public void Terminate()
        {
            if (Exited.IsCompleted)
            {
                return;
            }

            if (OperatingSystem.IsWindows())
            {
                Kill();
                return;
            }

            // Process.Kill sends SIGKILL; a graceful stop needs SIGTERM, which .NET has no public API for.
            // A failure (ESRCH: already gone) needs no handling: the exit is observed through Exited.
            SendSignal(ProcessId, SIGTERM);
        }

        public void Kill()
        {
            if (Exited.IsCompleted)
            {
                return;
            }

            try
            {
                process.Kill(entireProcessTree: false);
            }
            catch (InvalidOperationException)
            {
                // Exited between the check and the kill.
            }
        }

        /// <summary>kill(2): sends a signal to any process, as .NET itself has no API for it (Unix only).</summary>
        internal static void SendSignal(int pid, int signal) => Libc.SendSignal(pid, signal);

        private static async Task<int> WaitForExitAsync(Process process)
        {
            await process.WaitForExitAsync().ConfigureAwait(false);
            int exitCode = process.ExitCode;
            process.Dispose();
            return exitCode;
        }
    }
}
