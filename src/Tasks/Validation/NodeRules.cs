using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using SuperDeploy.Model;
using SuperDeploy.Resources;

namespace SuperDeploy.Validation;

/// <summary>
/// The rules SuperDeployNode items must satisfy: an ssh target, a swarm address, roles that can be node labels,
/// unique machines, and at least one manager (the first node, unless it says Manager="false").
/// </summary>
public static class NodeRules
{
    public const string ItemName = "SuperDeployNode";
    public const string RoleMetadata = "Role";
    public const string PortMetadata = "Port";
    public const string ManagerMetadata = "Manager";
    public const string AddressMetadata = "Address";

    public static readonly IReadOnlyList<string> KnownMetadata = new[] { RoleMetadata, PortMetadata, ManagerMetadata, AddressMetadata };

    private static readonly char[] RoleSeparators = { ';', ',' };

    // user@host or host; host = a DNS name, an IPv4 address or a bracketed IPv6 address. No port (that is Port="...").
    private static readonly Regex TargetPattern = new(
        "^(?:(?<user>[A-Za-z_][A-Za-z0-9_.-]*)@)?(?<host>\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*)\\z",
        RegexOptions.CultureInvariant);

    public static NodesResult Read(IReadOnlyList<NodeInput> inputs)
    {
        var diagnostics = new List<Diagnostic>();
        var nodes = new List<NodeDefinition>();
        var explicitNotManager = new HashSet<NodeDefinition>();
        foreach (var input in inputs)
        {
            var node = ReadOne(input, diagnostics, out var saysNotManager);
            if (node is null) continue;
            if (saysNotManager) explicitNotManager.Add(node);

            var first = nodes.FirstOrDefault(n => SameMachine(n, node));
            if (first is not null)
                diagnostics.Error(node.Location, nameof(Strings.NodeDuplicate), node.Target, Messages.FileName(node.Location), first.Target);
            else
                nodes.Add(node);
        }

        if (inputs.Count > 0 && !diagnostics.Any(d => d.IsError) && !nodes.Any(n => n.IsManager))
        {
            if (explicitNotManager.Contains(nodes[0]))
                diagnostics.Error(nodes[0].Location, nameof(Strings.NodeNoManager), Messages.FileName(nodes[0].Location));
            else
                nodes[0] = nodes[0] with { IsManager = true };
        }

        var managers = nodes.Count(n => n.IsManager);
        if (managers > 0 && managers % 2 == 0)
            diagnostics.Warning(nodes.First(n => n.IsManager).Location, nameof(Strings.NodeManagersEven),
                managers, Messages.FileName(nodes[0].Location), managers - 1, managers + 1);

        return diagnostics.Any(d => d.IsError)
            ? new NodesResult(Array.Empty<NodeDefinition>(), diagnostics)
            : new NodesResult(nodes, diagnostics);
    }

    /// <summary>
    /// Every role the app's services are placed on (SuperDeployVm, or a process's Vm) must be held by a declared node:
    /// otherwise its tasks would wait forever for a machine that will never come. Each declared addon must resolve to
    /// exactly one node (<see cref="CheckAddons"/>).
    /// </summary>
    public static IReadOnlyList<Diagnostic> CheckRoles(AppDefinition app, IReadOnlyList<NodeDefinition> nodes)
    {
        var diagnostics = new List<Diagnostic>();
        if (nodes.Count == 0) return diagnostics;
        var declared = nodes.SelectMany(n => n.Roles).Distinct(StringComparer.Ordinal).OrderBy(r => r, StringComparer.Ordinal).ToList();
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var process in app.Processes)
        {
            var role = Placement.RoleOf(app, process);
            if (declared.Contains(role) || !reported.Add(role)) continue;
            var setBy = process.Vm is null ? $"SuperDeployVm '{role}'" : $"process '{process.Name}' Vm '{role}'";
            diagnostics.Error(process.Vm is null ? new SourceLocation(app.ProjectFile) : process.Location, nameof(Strings.NodeRoleMissing),
                setBy, Messages.FileName(app.ProjectFile), role, declared.Count == 0 ? "none" : string.Join(", ", declared));
        }

        CheckAddons(app, nodes, declared, diagnostics);
        return diagnostics;
    }

    /// <summary>
    /// An addon's named volume exists on one node only, so each declared addon must resolve to exactly one node: its Vm
    /// role held by one node, or without Vm the only manager. Otherwise a reschedule could start it on a node with an
    /// empty volume, which looks like lost data.
    /// </summary>
    private static void CheckAddons(AppDefinition app, IReadOnlyList<NodeDefinition> nodes, IReadOnlyList<string> declared, List<Diagnostic> diagnostics)
    {
        var managers = nodes.Where(n => n.IsManager).ToList();
        foreach (var addon in app.AddonDefinitions)
        {
            if (addon.Vm is not { } role)
            {
                if (managers.Count > 1)
                    diagnostics.Error(addon.Location, nameof(Strings.AddonVmRequired), addon.Name, Messages.FileName(addon.Location),
                        managers.Count, string.Join(", ", managers.Select(n => n.Display)));
                continue;
            }

            var location = addon.VmLocation ?? addon.Location;
            var holders = nodes.Where(n => n.HasRole(role)).ToList();
            if (holders.Count == 0)
                diagnostics.Error(location, nameof(Strings.AddonVmNoNode), addon.Name, Messages.FileName(location), role,
                    declared.Count == 0 ? "none" : string.Join(", ", declared));
            else if (holders.Count > 1)
                diagnostics.Error(location, nameof(Strings.AddonVmSeveralNodes), addon.Name, Messages.FileName(location), role,
                    holders.Count, string.Join(", ", holders.Select(n => n.Display)));
        }
    }

    private static NodeDefinition? ReadOne(NodeInput input, List<Diagnostic> diagnostics, out bool saysNotManager)
    {
        saysNotManager = false;
        var target = input.Target.Trim();
        var location = input.Location;
        var file = Messages.FileName(location);
        var errors = diagnostics.Count(d => d.IsError);
        void Error(string resource, params object?[] details) => diagnostics.Error(location, resource, [target, file, .. details]);

        foreach (var pair in input.Metadata)
        {
            var name = pair.Key.Trim();
            if (KnownMetadata.Contains(name, StringComparer.OrdinalIgnoreCase) || MetadataNames.IsIgnored(name)) continue;
            diagnostics.Warning(location, nameof(Strings.NodeMetadataUnknown), target, file, name, string.Join(", ", KnownMetadata));
        }

        var match = TargetPattern.Match(target);
        if (!match.Success)
        {
            Error(nameof(Strings.NodeTargetInvalid));
            return null;
        }

        var user = match.Groups["user"].Success ? match.Groups["user"].Value : null;
        var host = match.Groups["host"].Value.Trim('[', ']');

        int? port = null;
        if (input.Get(PortMetadata) is { } portValue)
        {
            if (Quantities.TryParseWholeNumber(portValue, out var number) && number is >= 1 and <= 65535) port = number;
            else Error(nameof(Strings.NodePortInvalid), portValue);
        }

        var address = input.Get(AddressMetadata) ?? host;
        if (!IPAddress.TryParse(address, out _))
            Error(nameof(Strings.NodeAddressInvalid), address, input.Get(AddressMetadata) is null ? "the target's host" : "Address");

        var roles = new List<string>();
        foreach (var role in (input.Get(RoleMetadata) ?? string.Empty).Split(RoleSeparators).Select(r => r.Trim()).Where(r => r.Length > 0))
        {
            // A label key part: the stack's constraint reads `node.labels.superdeploy.role.<role> == true`.
            if (!DnsNames.IsLabel(role)) Error(nameof(Strings.NodeRoleInvalid), role);
            else if (!roles.Contains(role)) roles.Add(role);
        }

        bool? manager = null;
        if (input.Get(ManagerMetadata) is { } managerValue)
        {
            if (bool.TryParse(managerValue, out var flag)) manager = flag;
            else Error(nameof(Strings.NodeManagerInvalid), managerValue);
        }

        saysNotManager = manager == false;
        if (diagnostics.Count(d => d.IsError) > errors) return null;
        return new NodeDefinition(target, user, host, port, address, manager ?? roles.Contains(NodeLabels.ManagerRole), roles, location);
    }

    /// <summary>Two items naming one machine: the same host (and port), or the same swarm address.</summary>
    private static bool SameMachine(NodeDefinition a, NodeDefinition b) =>
        (string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port)
        || string.Equals(a.Address, b.Address, StringComparison.OrdinalIgnoreCase);
}
