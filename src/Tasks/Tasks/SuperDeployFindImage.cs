using System;
using System.Net.Http;
using System.Threading;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using SuperDeploy.Deploy;
using SuperDeploy.Deploy.Execution;
using SuperDeploy.Resources;

namespace SuperDeploy.Tasks;

/// <summary>
/// Before the image is built: does the deploy's tag exist already (in the registry, or in the local engine when there
/// is none)? Tags are immutable (a commit, or an explicit SuperDeployImageTag), so an existing one is not built and
/// pushed again, and a deploy with nothing changed does not pay for an image build. Doubt means "build".
/// </summary>
public sealed class SuperDeployFindImage : Task, ICancelableTask
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _cancellation = new();

    public SuperDeployFindImage()
    {
        TaskResources = Strings.ResourceManager;
    }

    /// <summary>The full reference (SuperDeployResolveImage's Image).</summary>
    [Required]
    public string Image { get; set; } = "";

    /// <summary>The registry host (SuperDeployResolveImage's ContainerRegistry); empty: the local engine.</summary>
    public string? ContainerRegistry { get; set; }

    /// <summary>SuperDeployResolveImage's Repository and Tag.</summary>
    public string? Repository { get; set; }

    public string? Tag { get; set; }

    /// <summary>$(SuperDeployRegistry), for the credentials in the environment.</summary>
    public string? Registry { get; set; }

    [Output]
    public bool Exists { get; set; }

    public void Cancel() => _cancellation.Cancel();

    public override bool Execute()
    {
        try
        {
            Exists = string.IsNullOrWhiteSpace(ContainerRegistry) ? InLocalEngine() : InRegistry();
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        if (Exists)
            Log.LogMessage(MessageImportance.High,
                $"SuperDeploy: image {Image} already exists, so it is not built again (image tags are immutable; -p:SuperDeployForce=true rebuilds it).");
        return true;
    }

    private bool InRegistry()
    {
        var registry = ContainerRegistry!.Trim();
        var insecure = RegistryManifest.IsInsecure(registry, Environment.GetEnvironmentVariable("DOTNET_CONTAINER_INSECURE_REGISTRIES"));
        using var handler = new HttpClientHandler();
        var answer = new RegistryManifest(handler)
            .FindAsync(registry, Repository ?? "", Tag ?? "", insecure, RegistryLogin.FromEnvironment(Registry), Timeout, _cancellation.Token)
            .GetAwaiter().GetResult();
        Log.LogMessage(MessageImportance.Low, $"SuperDeploy: {Image} in {registry}: {answer.Outcome} ({answer.Detail})");
        return answer.Outcome == RegistryManifest.Outcome.Exists;
    }

    private bool InLocalEngine()
    {
        try
        {
            var result = ProcessRunner.RunAsync("docker", new[] { "image", "inspect", "--format", "{{.Id}}", Image }, null, null, _cancellation.Token)
                .GetAwaiter().GetResult();
            Log.LogMessage(MessageImportance.Low, $"SuperDeploy: {Image} in the local engine: exit {result.ExitCode}");
            return result.Succeeded;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Log.LogMessage(MessageImportance.Low, $"SuperDeploy: could not ask the local engine for {Image}: {e.Message}");
            return false;
        }
    }
}
