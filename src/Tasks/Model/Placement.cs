using System;
using System.Collections.Generic;
using System.Linq;

namespace SuperDeploy.Model;

/// <summary>Which node role (the seed's `vm:`) each process of an app runs on.</summary>
public static class Placement
{
    /// <summary>The process's own Vm, else the app's SuperDeployVm (default `app`).</summary>
    public static string RoleOf(AppDefinition app, ProcessDefinition process) => process.Vm ?? app.Vm;

    /// <summary>The distinct roles the app's processes (release included: its job runs on the same nodes) need, in declaration order.</summary>
    public static IReadOnlyList<string> RolesOf(AppDefinition app) =>
        app.Processes.Select(p => RoleOf(app, p)).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The addons the app attaches that are pinned to a role (their Vm; on several nodes the deploy places them there).</summary>
    public static IReadOnlyList<AddonDefinition> PinnedAddons(AppDefinition app) =>
        app.AttachedAddons.Select(a => a.Addon).Distinct().Where(a => a.Vm is not null).ToList();

    /// <summary>Every role a deploy of the app needs a node for: its processes' roles, then its pinned addons' roles.</summary>
    public static IReadOnlyList<string> RolesNeeded(AppDefinition app) =>
        RolesOf(app).Concat(PinnedAddons(app).Select(a => a.Vm!)).Distinct(StringComparer.Ordinal).ToList();
}
