using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using SuperDeploy.Resources;

namespace SuperDeploy.Deploy.Execution;

/// <summary>The local `ssh -N -L` process holding a tunnel's forward; stdin redirected (it reads nothing from the terminal).</summary>
internal sealed class SshForward : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<bool> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SshForward(Process process) => _process = process;

    public Task Exited => _exited.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    public int ExitCode => _process.ExitCode;

    public string Stderr
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    public static SshForward Start(IReadOnlyList<string> argv, string program)
    {
        var info = RedirectedStart.For(argv[0], argv.Skip(1).ToArray());
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var forward = new SshForward(process);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (forward._stderr) forward._stderr.Append(e.Data).Append('\n');
        };
        process.OutputDataReceived += (_, _) => { };
        process.Exited += (_, _) => forward._exited.TrySetResult(true);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw DeployErrors.Create(nameof(Strings.ProgramNotFound), program, e.Message);
        }
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        if (process.HasExited) forward._exited.TrySetResult(true);
        return forward;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill();
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (Win32Exception)
        {
            // Exiting while we kill it.
        }
        _process.Dispose();
    }
}
