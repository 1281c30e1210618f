using System;
using System.Collections.Generic;
using System.IO;

namespace SuperDeploy.Deploy.Execution;

/// <summary>
/// One SSH connection for all of a task's commands (OpenSSH ControlMaster): the first command connects and
/// authenticates, the others open a session on it, which saves the TCP, key exchange and authentication round trips
/// of each of the dozens of docker commands a deploy runs. The control socket lives in a private directory made for
/// this task only (mode 0700, short path: sockets have a ~100 character limit), and the master is closed and the
/// directory removed when the task ends. ControlPersist keeps an orphaned master from outliving a crashed build for
/// long. Not on Windows, whose OpenSSH cannot multiplex.
/// </summary>
public sealed class SshConnectionSharing : IDisposable
{
    private const string PersistSeconds = "30";

    private SshConnectionSharing(string directory) => Directory = directory;

    public string Directory { get; }

    public string ControlPath => Path.Combine(Directory, "master");

    /// <summary>A private control directory, or null where sharing is not available (Windows, .NET Framework, no temp dir).</summary>
    public static SshConnectionSharing? TryCreate()
    {
#if NETFRAMEWORK
        return null;
#else
        if (OperatingSystem.IsWindows()) return null;
        try
        {
            var root = System.IO.Directory.Exists("/tmp") ? "/tmp" : Path.GetTempPath();
            var directory = Path.Combine(root, "sd-ssh-" + Guid.NewGuid().ToString("N").Substring(0, 10));
            System.IO.Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return new SshConnectionSharing(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
#endif
    }

    /// <summary>The ssh options that make a command use (or become) the shared connection.</summary>
    public IReadOnlyList<string> Options() =>
        new[] { "-o", "ControlMaster=auto", "-o", "ControlPath=" + ControlPath, "-o", "ControlPersist=" + PersistSeconds };

    /// <summary>The command that closes the master (`ssh -O exit`); the destination only names it.</summary>
    public IReadOnlyList<string> ExitArguments(string destination) =>
        new[] { "-o", "ControlPath=" + ControlPath, "-O", "exit", destination };

    /// <summary>Removes the directory (the master's socket goes with it when the master has exited).</summary>
    public void Dispose()
    {
        try
        {
            if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A master that has not exited yet still holds its socket; ControlPersist ends it shortly.
        }
    }
}
