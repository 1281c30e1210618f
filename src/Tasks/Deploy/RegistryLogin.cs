using System;

namespace SuperDeploy.Deploy;

/// <summary>
/// Registry credentials for the target's Docker CLI, so Swarm can pull a private image (`--with-registry-auth` sends
/// what that CLI is logged in with). Read only from the environment (CI secrets), never from MSBuild properties:
/// SUPERDEPLOY_REGISTRY_USERNAME/SUPERDEPLOY_REGISTRY_PASSWORD, else the ones PublishContainer reads
/// (DOTNET_CONTAINER_REGISTRY_UNAME/DOTNET_CONTAINER_REGISTRY_PWORD).
/// </summary>
public sealed record RegistryLogin(string Server, string Username, string Password)
{
    public static RegistryLogin? FromEnvironment(string? registry)
    {
        if (string.IsNullOrWhiteSpace(registry)) return null;
        var user = Environment.GetEnvironmentVariable("SUPERDEPLOY_REGISTRY_USERNAME");
        var password = Environment.GetEnvironmentVariable("SUPERDEPLOY_REGISTRY_PASSWORD");
        if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(password))
        {
            user = Environment.GetEnvironmentVariable("DOTNET_CONTAINER_REGISTRY_UNAME");
            password = Environment.GetEnvironmentVariable("DOTNET_CONTAINER_REGISTRY_PWORD");
        }
        if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(password)) return null;
        return new RegistryLogin(HostOf(registry!), user!, password!);
    }

    /// <summary>`ghcr.io/owner` -> `ghcr.io`: docker logs in to a registry host, not a path in it.</summary>
    public static string HostOf(string registry)
    {
        var text = registry.Trim();
        var slash = text.IndexOf('/');
        return slash < 0 ? text : text.Substring(0, slash);
    }

    public override string ToString() => $"RegistryLogin({Server}, <hidden>)";
}
