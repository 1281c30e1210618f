using System.Collections.Generic;
using System.Linq;

namespace SuperDeploy.Model;

/// <summary>One validated app: the single in-memory model every generator and the deploy plan read. Processes keep declaration order.</summary>
public sealed record AppDefinition(
    string Project,
    string App,
    string Vm,
    string? Domain,
    IReadOnlyList<ProcessDefinition> Processes,
    IReadOnlyList<string> Secrets,
    string ProjectFile)
{
    /// <summary>Addons the app attaches (from config.yml), in declaration order.</summary>
    public IReadOnlyList<AddonAttachment> Addons { get; init; } = System.Array.Empty<AddonAttachment>();

    public IEnumerable<ProcessDefinition> OfKind(ProcessKind kind) => Processes.Where(p => p.Kind == kind);

    public ProcessDefinition? Release => Processes.FirstOrDefault(p => p.Kind == ProcessKind.Release);

    /// <summary>Processes that run as long-lived Swarm services (everything but the release).</summary>
    public IEnumerable<ProcessDefinition> Services => Processes.Where(p => p.Kind != ProcessKind.Release);

    /// <summary>The Swarm stack this app is deployed as.</summary>
    public string StackName => App;

    /// <summary>The overlay network the project's apps and edge share.</summary>
    public string NetworkName => $"{Project}-net";

    /// <summary>Every addon the project declares (SuperDeployAddon items), attached to this app or not, in declaration order.</summary>
    public IReadOnlyList<AddonDefinition> AddonDefinitions { get; init; } = System.Array.Empty<AddonDefinition>();

    /// <summary>The addons this app attaches, each with its alias: the only ones whose credentials its services get.</summary>
    public IEnumerable<(AddonAttachment Attachment, AddonDefinition Addon)> AttachedAddons =>
        Addons.Select(a => (a, AddonDefinitions.First(d => d.Name == a.Reference)));
}
