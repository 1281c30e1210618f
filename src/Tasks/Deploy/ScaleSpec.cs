using System;
using System.Collections.Generic;
using System.Linq;
using SuperDeploy.Model;
using SuperDeploy.Resources;
using SuperDeploy.Validation;

namespace SuperDeploy.Deploy;

/// <summary>
/// Parses `-p:Scale="web=3 worker=10"` against the app, validating every entry before anything is scaled:
/// `process=N`; `app=N` (every web and worker process of the app: the release runs once per deploy, and a cron
/// process more than once would run each tick twice); `app:process=N`.
/// </summary>
public static class ScaleSpec
{
    public sealed record Entry(ProcessDefinition Process, int Replicas);

    public static IReadOnlyList<Entry> Parse(string spec, AppDefinition app)
    {
        var tokens = spec.Split(new[] { ' ', '\t', '\n', '\r', ',' }, StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0) throw DeployErrors.Create(nameof(Strings.ScaleSpecInvalid), spec);

        var result = new List<Entry>();
        foreach (var token in tokens)
        {
            var equals = token.IndexOf('=');
            if (equals <= 0 || !Quantities.TryParseReplicas(token.Substring(equals + 1), out var replicas))
            {
                throw DeployErrors.Create(nameof(Strings.ScaleSpecInvalid), token);
            }

            var name = token.Substring(0, equals);
            foreach (var process in Resolve(name, token, app))
            {
                if (process.Kind == ProcessKind.Release) throw DeployErrors.Create(nameof(Strings.ScaleRelease), process.Name, app.App);
                if (process.Kind == ProcessKind.Cron && replicas > 1) throw DeployErrors.Create(nameof(Strings.ScaleCronReplicas), process.Name, app.App);
                var existing = result.FindIndex(e => e.Process.Name == process.Name);
                if (existing >= 0 && result[existing].Replicas != replicas) throw DeployErrors.Create(nameof(Strings.ScaleSpecInvalid), spec);
                if (existing < 0) result.Add(new Entry(process, replicas));
            }
        }
        return result;
    }

    private static IEnumerable<ProcessDefinition> Resolve(string name, string token, AppDefinition app)
    {
        var colon = name.IndexOf(':');
        if (colon >= 0)
        {
            var appName = name.Substring(0, colon);
            var processName = name.Substring(colon + 1);
            if (appName.Length == 0 || processName.Length == 0) throw DeployErrors.Create(nameof(Strings.ScaleSpecInvalid), token);
            if (!string.Equals(appName, app.App, StringComparison.Ordinal)) throw DeployErrors.Create(nameof(Strings.ScaleOtherApp), token, appName, app.App);
            return new[] { Find(app, processName) };
        }

        // A process wins over the app of the same name: `web=3` in app `web` means its web process.
        if (app.Processes.FirstOrDefault(p => p.Name == name) is { } named) return new[] { named };
        if (name == app.App) return app.Processes.Where(p => p.Kind is ProcessKind.Web or ProcessKind.Worker).ToArray();
        return new[] { Find(app, name) };
    }

    internal static ProcessDefinition Find(AppDefinition app, string process) =>
        app.Processes.FirstOrDefault(p => p.Name == process)
        ?? throw DeployErrors.Create(nameof(Strings.UnknownProcess), app.App, process, string.Join(", ", app.Processes.Select(p => p.Name)));
}
