using System.Linq;
using SuperDeploy.Model;

namespace SuperDeploy.Deploy;

/// <summary>The addon a `-p:Addon=&lt;name&gt;` target (backup, restore, tunnel, apply) names among the project's declared ones.</summary>
internal static class DeclaredAddon
{
    /// <param name="error">The target's coded resource, formatted with the name, why, and <paramref name="declared"/>.</param>
    /// <param name="declared">What the project declares, for the message: `databases.primary, caches.main`.</param>
    public static AddonDefinition Find(AppDefinition app, string? name, string error, string declared)
    {
        if (string.IsNullOrWhiteSpace(name)) throw DeployErrors.Create(error, "", "no -p:Addon was given", declared);
        return app.AddonDefinitions.FirstOrDefault(a => a.Name == name!.Trim())
            ?? throw DeployErrors.Create(error, name!.Trim(), "the project declares no such addon", declared);
    }

    /// <summary>Every addon the project declares, for <see cref="Find"/>'s message.</summary>
    public static string All(AppDefinition app) =>
        app.AddonDefinitions.Count == 0 ? "it declares none" : string.Join(", ", app.AddonDefinitions.Select(a => a.Name));
}
