using System;
using System.Runtime.InteropServices;

namespace SuperDeploy.Agent
{
    /// <summary>The few libc calls .NET has no API for (Unix only).</summary>
    internal static class Libc
    {
        public const int SIGPIPE = 13;
        public const int ENOENT = 2;
        public const int EACCES = 13;

        private const int SIG_SETMASK = 2;

        // glibc's sigset_t is 1024 bits; an all-zero set is the empty set.
        private const int SigsetBytes = 128;

        private static readonly IntPtr SIG_DFL = IntPtr.Zero;

        static Libc()
        {
            // Runtime images have libc.so.6 but not the libc.so dev symlink that DllImport("libc") probes for;
            // these functions are already loaded in the host process, so resolve them from the main program's scope.
            NativeLibrary.SetDllImportResolver(
                typeof(Libc).Assembly,
                (name, _, _) => name == "libc" ? NativeLibrary.GetMainProgramHandle() : IntPtr.Zero);
        }

        /// <summary>kill(2); a failure (ESRCH: already gone) is ignored.</summary>
        public static void SendSignal(int pid, int signal) => _ = kill(pid, signal);

        /// <summary>setenv(3) with raw bytes, so a value reaches the native environment exactly as read.</summary>
        public static bool SetEnvironment(byte[] name, byte[] value) =>
            setenv(NulTerminated(name), NulTerminated(value), 1) == 0;

        /// <summary>
        /// Gives the next program the signal state a process normally starts with: the .NET runtime ignores SIGPIPE
        /// and an ignored signal stays ignored across exec (a `yes | head` in the app would never end otherwise).
        /// Handlers need no reset: exec resets caught signals to their default.
        /// </summary>
        public static void ResetSignalsForExec()
        {
            _ = signal(SIGPIPE, SIG_DFL);
            _ = sigprocmask(SIG_SETMASK, new byte[SigsetBytes], IntPtr.Zero);
        }

        /// <summary>execvp(3): replaces this process (same pid) with argv, searching PATH. Returns only on failure, with errno.</summary>
        public static int Exec(string[] argv)
        {
            var pointers = new IntPtr[argv.Length + 1];
            try
            {
                for (int i = 0; i < argv.Length; i++)
                {
                    pointers[i] = Marshal.StringToCoTaskMemUTF8(argv[i]);
                }

                _ = execvp(pointers[0], pointers);
                return Marshal.GetLastWin32Error();
            }
            finally
            {
                foreach (IntPtr pointer in pointers)
                {
                    Marshal.FreeCoTaskMem(pointer);
                }
            }
        }

        private static byte[] NulTerminated(byte[] bytes)
        {
            var terminated = new byte[bytes.Length + 1];
            Buffer.BlockCopy(bytes, 0, terminated, 0, bytes.Length);
            return terminated;
        }

        [DllImport("libc")]
        private static extern int kill(int pid, int sig);

        [DllImport("libc", SetLastError = true)]
        private static extern int setenv(byte[] name, byte[] value, int overwrite);

        [DllImport("libc", SetLastError = true)]
        private static extern int execvp(IntPtr file, IntPtr[] argv);

        [DllImport("libc")]
        private static extern IntPtr signal(int signum, IntPtr handler);

        [DllImport("libc")]
        private static extern int sigprocmask(int how, byte[] set, IntPtr oldset);
    }
}
