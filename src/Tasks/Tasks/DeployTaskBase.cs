using System;
using System.Globalization;
using System.Threading;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using SuperDeploy.Deploy;
using SuperDeploy.Deploy.Execution;
using SuperDeploy.Model;
using SuperDeploy.Resources;
using SuperDeploy.Validation;

namespace SuperDeploy.Tasks;

/// <summary>
/// What every deploy-side task shares: the app model from the project's items and properties (validated exactly as
/// SuperDeployGenerate does), the runner for SuperDeployHost (empty: the local engine, else SSH), MSBuild output,
/// cancellation (Ctrl+C kills the running docker/ssh process), and coded errors pointing at the project file.
/// </summary>
public abstract partial class DeployTaskBase : AppTask, ICancelableTask
{
    private readonly CancellationTokenSource _cancellation = new();

    public string? SshIdentityFile { get; set; }

    public string? KnownHostsFile { get; set; }

    public void Cancel() => _cancellation.Cancel();

    protected CancellationToken CancellationToken => _cancellation.Token;

    public override bool Execute()
    {
        try
        {
            var app = LoadApp();
            if (app is not null && !Log.HasLoggedErrors)
            {
                var runner = CreateRunner();
                try
                {
                    Run(app, runner, new MSBuildDeployOutput(Log));
                }
                finally
                {
                    (runner as IDisposable)?.Dispose();
                }
            }
        }
        catch (DeployException e)
        {
            if (e.Details is { } details)
            {
                foreach (var line in details.Split('\n')) Log.LogMessage(MessageImportance.High, line.TrimEnd('\r'));
            }
            Log.LogError(null, e.Code, null, ProjectFile, 0, 0, 0, 0, e.Message);
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            Log.LogWarning("SuperDeploy was cancelled.");
        }
        catch (Exception e)
        {
            var text = DeployErrors.Format(nameof(Strings.InternalError), e.Message);
            Log.LogError(null, ErrorCodes.InternalError, null, ProjectFile, 0, 0, 0, 0, text.Substring(text.IndexOf(": ", StringComparison.Ordinal) + 2));
            Log.LogMessage(MessageImportance.Low, e.ToString());
        }
        return !Log.HasLoggedErrors;
    }

    protected abstract void Run(AppDefinition app, ICommandRunner runner, IDeployOutput output);

    protected TimeSpan TimeoutValue => Seconds("SuperDeployTimeout", Timeout, DeploySettings.DefaultTimeout);

    protected bool IsLocalEngine => string.IsNullOrWhiteSpace(Host);

    /// <summary>Positive whole seconds, or the default when empty.</summary>
    protected static TimeSpan Seconds(string property, string? value, TimeSpan fallback)
    {
        if (string.IsNullOrWhiteSpace(value)) return fallback;
        if (!int.TryParse(value!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
            throw DeployErrors.Create(nameof(Strings.InvalidDeployProperty), property, value!, "expected a whole number of seconds above 0");
        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>A whole number from 1 to 1000, or the default when empty.</summary>
    protected static int Count(string property, string? value, int fallback)
    {
        if (string.IsNullOrWhiteSpace(value)) return fallback;
        if (!int.TryParse(value!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1 || count > 1000)
            throw DeployErrors.Create(nameof(Strings.InvalidDeployProperty), property, value!, "expected a whole number from 1 to 1000");
        return count;
    }

    protected static int Port(string property, string? value, int fallback)
    {
        if (string.IsNullOrWhiteSpace(value)) return fallback;
        if (!int.TryParse(value!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port < 1 || port > 65535)
            throw DeployErrors.Create(nameof(Strings.InvalidDeployProperty), property, value!, "expected a port number from 1 to 65535");
        return port;
    }

    protected static bool Flag(string property, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return false;
        if (bool.TryParse(value!.Trim(), out var flag)) return flag;
        throw DeployErrors.Create(nameof(Strings.InvalidDeployProperty), property, value!, "expected true or false");
    }

    private ICommandRunner CreateRunner()
    {
        if (IsLocalEngine) return new LocalRunner();
        int? port = string.IsNullOrWhiteSpace(SshPort) ? null : Port("SuperDeploySshPort", SshPort, 22);
        var target = SshTarget.TryParse(Host!, port, SshIdentityFile, KnownHostsFile, out var error)
            ?? throw DeployErrors.Create(nameof(Strings.InvalidDeployProperty), "SuperDeployHost", Host!, error!);
        return new SshRunner(target, sharing: SshConnectionSharing.TryCreate());
    }

    /// <summary>Runs async work to completion on MSBuild's thread, surfacing the first exception as is.</summary>
    protected static void Wait(System.Threading.Tasks.Task work) => work.GetAwaiter().GetResult();
}

/// <summary>Deploy output into MSBuild's log: step lines at high importance (shown by default), commands at low.</summary>
internal sealed class MSBuildDeployOutput : IDeployOutput
{
    private readonly TaskLoggingHelper _log;

    public MSBuildDeployOutput(TaskLoggingHelper log) => _log = log;

    // Without format arguments MSBuild does not format the text, so braces in docker output are safe.
    public void Line(string text) => _log.LogMessage(MessageImportance.High, text);

    public void Detail(string text) => _log.LogMessage(MessageImportance.Low, text);

    public void Warning(string text) => _log.LogWarning(text);
}
