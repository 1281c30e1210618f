using System;
using System.Globalization;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using SuperDeploy.Deploy;
using SuperDeploy.Deploy.Nodes;
using SuperDeploy.Resources;
using SuperDeploy.Sources;
using SuperDeploy.Validation;

namespace SuperDeploy.Tasks;

/// <summary>
/// `dotnet build -t:SuperDeployUp`: validates the SuperDeployNode items and brings the nodes into one swarm over SSH
/// (<see cref="NodesUp"/>), one line per node or action. Rerunning it on the same declarations changes nothing.
/// </summary>
public sealed class SuperDeployUpTask : Task, ICancelableTask
{
    private readonly System.Threading.CancellationTokenSource _cancellation = new();

    public SuperDeployUpTask()
    {
        TaskResources = Strings.ResourceManager;
    }

    [Required]
    public string ProjectFile { get; set; } = "";

    /// <summary>@(SuperDeployNode): Include = `user@host`, metadata Role, Port, Manager, Address.</summary>
    public ITaskItem[] Nodes { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>$(SuperDeploySshIdentityFile); empty = the ssh agent and ~/.ssh/config.</summary>
    public string? SshIdentityFile { get; set; }

    /// <summary>$(SuperDeployKnownHostsFile); empty = ~/.ssh/known_hosts. Host keys are always checked.</summary>
    public string? KnownHostsFile { get; set; }

    /// <summary>$(SuperDeploySshPort): the port of nodes without their own Port metadata.</summary>
    public string? SshPort { get; set; }

    /// <summary>$(SuperDeployDrainTimeout) in seconds: how long a removed node may take to hand its tasks over (default 120).</summary>
    public string? DrainTimeout { get; set; }

    public void Cancel() => _cancellation.Cancel();

    public override bool Execute()
    {
        try
        {
            var result = NodeRules.Read(NodeItemSource.Nodes(Nodes, ProjectFile));
            foreach (var diagnostic in result.Diagnostics) Report(diagnostic);
            if (result.HasErrors) return false;
            if (result.Nodes.Count == 0)
            {
                LogCoded(nameof(Strings.NodesNotDeclared), System.IO.Path.GetFileName(ProjectFile));
                return false;
            }

            var settings = UpSettings.Default with { DrainTimeout = Seconds("SuperDeployDrainTimeout", DrainTimeout, UpSettings.Default.DrainTimeout) };
            var connector = new SshNodeConnector(SshIdentityFile, KnownHostsFile, Port("SuperDeploySshPort", SshPort));
            var up = new NodesUp(connector, new MSBuildDeployOutput(Log), SystemClock.Instance, settings, _cancellation.Token);
            up.RunAsync(result.Nodes).GetAwaiter().GetResult();
        }
        catch (DeployException e)
        {
            Log.LogError(null, e.Code, null, ProjectFile, 0, 0, 0, 0, e.Message);
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            Log.LogWarning("SuperDeployUp was cancelled.");
        }
        catch (Exception e)
        {
            LogCoded(nameof(Strings.InternalError), e.Message);
            Log.LogMessage(MessageImportance.Low, e.ToString());
        }

        return !Log.HasLoggedErrors;
    }

    private static TimeSpan Seconds(string property, string? value, TimeSpan fallback)
    {
        if (string.IsNullOrWhiteSpace(value)) return fallback;
        var seconds = WholeNumber(value);
        if (seconds is null or <= 0)
            throw DeployErrors.Create(nameof(Strings.InvalidDeployProperty), property, value!, "expected a whole number of seconds above 0");
        return TimeSpan.FromSeconds(seconds.Value);
    }

    private static int? Port(string property, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var port = WholeNumber(value);
        if (port is null or < 1 or > 65535)
            throw DeployErrors.Create(nameof(Strings.InvalidDeployProperty), property, value!, "expected a port number from 1 to 65535");
        return port;
    }

    private static int? WholeNumber(string? value) =>
        !string.IsNullOrWhiteSpace(value) && int.TryParse(value!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;

    private void Report(Diagnostic diagnostic)
    {
        var file = string.IsNullOrEmpty(diagnostic.Location.File) ? ProjectFile : diagnostic.Location.File;
        if (diagnostic.IsError)
            Log.LogError(null, diagnostic.Code, null, file, diagnostic.Location.Line, diagnostic.Location.Column, 0, 0, diagnostic.Message);
        else
            Log.LogWarning(null, diagnostic.Code, null, file, diagnostic.Location.Line, diagnostic.Location.Column, 0, 0, diagnostic.Message);
    }

    private void LogCoded(string resourceName, params object?[] args)
    {
        var (code, text) = Messages.Split(Messages.Format(resourceName, args));
        Log.LogError(null, code, null, ProjectFile, 0, 0, 0, 0, text);
    }
}
