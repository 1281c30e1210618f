using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using SuperDeploy.Model;
using SuperDeploy.Resources;

namespace SuperDeploy.Validation;

/// <summary>The app's properties after validation; a name is null when it is missing or invalid.</summary>
internal sealed record AppSettings(string? Project, string? App, string Vm, string? Domain);

/// <summary>The rules about the app as a whole: its properties, its secrets and how its processes relate.</summary>
internal static class AppRules
{
    public const string ProjectProperty = "SuperDeployProject";
    public const string AppProperty = "SuperDeployApp";
    public const string VmProperty = "SuperDeployVm";
    public const string DomainProperty = "SuperDeployDomain";
    public const string DefaultVm = "app";

    private static readonly Regex EnvironmentVariableName = new("^[A-Za-z_][A-Za-z0-9_]*\\z", RegexOptions.CultureInvariant);

    public static AppSettings ReadSettings(AppInput input, List<Diagnostic> diagnostics)
    {
        var location = new SourceLocation(input.ProjectFile);
        var file = Messages.FileName(input.ProjectFile);

        string? Name(string property, string? fallback)
        {
            var value = input.Property(property) ?? fallback;
            if (value is null) diagnostics.Error(location, nameof(Strings.PropertyRequired), property, file);
            else if (!DnsNames.IsLabel(value)) diagnostics.Error(location, nameof(Strings.PropertyNotDnsLabel), property, file, value);
            else return value;
            return null;
        }

        var project = Name(ProjectProperty, null);
        var app = Name(AppProperty, null);
        var vm = Name(VmProperty, DefaultVm) ?? DefaultVm;

        // Host names are case-insensitive; Caddy and the generated files get the lower-case form.
        var domain = input.Property(DomainProperty)?.ToLowerInvariant();
        if (domain is not null && !DnsNames.IsHostName(domain))
            diagnostics.Error(location, nameof(Strings.DomainInvalid), file, input.Property(DomainProperty));

        return new AppSettings(project, app, vm, domain);
    }

    public static IReadOnlyList<string> ReadSecrets(AppInput input, List<Diagnostic> diagnostics)
    {
        var location = new SourceLocation(input.ProjectFile);
        var file = Messages.FileName(input.ProjectFile);
        var secrets = new List<string>();
        foreach (var secret in input.Secrets.Select(s => s.Trim()))
        {
            if (!EnvironmentVariableName.IsMatch(secret)) diagnostics.Error(location, nameof(Strings.SecretNameInvalid), secret, file);
            else if (secrets.Contains(secret, StringComparer.Ordinal)) diagnostics.Error(location, nameof(Strings.SecretDuplicate), secret, file);
            else secrets.Add(secret);
        }

        return secrets;
    }

    /// <summary>Cross-process rules: unique names, at most one release, and DependsOn naming real processes without cycles.</summary>
    public static void CheckProcesses(IReadOnlyList<ProcessDefinition> processes, List<Diagnostic> diagnostics)
    {
        var firstByName = new Dictionary<string, ProcessDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (var process in processes)
        {
            if (firstByName.TryGetValue(process.Name, out var first))
                Error(diagnostics, process, nameof(Strings.ProcessNameDuplicate), first.Name);
            else
                firstByName.Add(process.Name, process);
        }

        var releases = processes.Where(p => p.Kind == ProcessKind.Release).ToList();
        foreach (var extra in releases.Skip(1))
            Error(diagnostics, extra, nameof(Strings.ReleaseDuplicate), releases[0].Name);

        var names = string.Join(", ", processes.Select(p => p.Name));
        foreach (var process in processes)
        {
            foreach (var dependency in process.DependsOn)
            {
                if (dependency == process.Name) Error(diagnostics, process, nameof(Strings.DependsOnSelf), dependency);
                else if (!processes.Any(p => p.Name == dependency)) Error(diagnostics, process, nameof(Strings.DependsOnUnknown), dependency, names);
            }
        }

        foreach (var (process, cycle) in DependencyCycles(processes))
            Error(diagnostics, process, nameof(Strings.DependsOnCycle), string.Join(" -> ", cycle));
    }

    /// <summary>
    /// Each cycle among the DependsOn edges (self-dependencies and unknown names left out; they have their own
    /// errors), found by depth-first search in declaration order and reported at the process where it starts.
    /// </summary>
    private static IEnumerable<(ProcessDefinition Process, IReadOnlyList<string> Cycle)> DependencyCycles(IReadOnlyList<ProcessDefinition> processes)
    {
        var byName = new Dictionary<string, ProcessDefinition>(StringComparer.Ordinal);
        foreach (var process in processes)
        {
            if (!byName.ContainsKey(process.Name)) byName.Add(process.Name, process);
        }

        var finished = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();
        var cycles = new List<(ProcessDefinition, IReadOnlyList<string>)>();

        void Visit(ProcessDefinition process)
        {
            path.Add(process.Name);
            foreach (var dependency in process.DependsOn)
            {
                if (dependency == process.Name || finished.Contains(dependency) || !byName.TryGetValue(dependency, out var next)) continue;
                var onPath = path.IndexOf(dependency);
                if (onPath >= 0) cycles.Add((next, [.. path.Skip(onPath), dependency]));
                else Visit(next);
            }

            path.RemoveAt(path.Count - 1);
            finished.Add(process.Name);
        }

        foreach (var process in byName.Values)
        {
            if (!finished.Contains(process.Name)) Visit(process);
        }

        return cycles;
    }

    private static void Error(List<Diagnostic> diagnostics, ProcessDefinition process, string resource, params object?[] details) =>
        diagnostics.Error(process.Location, resource, [process.Name, Messages.FileName(process.Location), .. details]);
}
