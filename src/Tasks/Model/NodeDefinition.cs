using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SuperDeploy.Model;

/// <summary>
/// One validated machine of the project's swarm: how to reach it over SSH (<see cref="Target"/> = `user@host` or
/// `host`, plus <see cref="Port"/>), the address the swarm uses for it, whether it is a Swarm manager, and its roles
/// (each becomes the node label `superdeploy.role.&lt;role&gt;=true`, what SuperDeployVm and a process's Vm place on).
/// </summary>
public sealed record NodeDefinition(
    string Target,
    string? User,
    string Host,
    int? Port,
    string Address,
    bool IsManager,
    IReadOnlyList<string> Roles,
    SourceLocation Location)
{
    /// <summary>How messages name the node before its engine told its host name.</summary>
    public string Display => Port is int port ? $"{Target} (port {port.ToString(CultureInfo.InvariantCulture)})" : Target;

    public bool HasRole(string role) => Roles.Contains(role);
}
