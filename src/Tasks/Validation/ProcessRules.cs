using System;
using System.Collections.Generic;
using System.Linq;
using Cronos;
using SuperDeploy.Model;
using SuperDeploy.Resources;

namespace SuperDeploy.Validation;

/// <summary>The rules one process must satisfy on its own: name, kind, command and each metadata value.</summary>
internal static class ProcessRules
{
    private static readonly char[] DependencySeparators = { ';', ',' };

    /// <summary>Reads one process, reporting what is wrong with it. The result is only used when no error stands.</summary>
    public static ProcessDefinition Read(ProcessInput input, string? app, List<Diagnostic> diagnostics)
    {
        var name = input.Name.Trim();
        var location = input.Location;
        var file = Messages.FileName(location);
        void Error(string resource, params object?[] details) => diagnostics.Error(location, resource, [name, file, .. details]);

        // MSBuild metadata names are case-insensitive; other sources may not say so, hence the copy.
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in input.Metadata)
        {
            metadata[pair.Key.Trim()] = pair.Value?.Trim() ?? string.Empty;
            if (!MetadataNames.IsKnown(pair.Key.Trim()) && !MetadataNames.IsIgnored(pair.Key.Trim()))
            {
                var suggestion = MetadataNames.Suggest(pair.Key.Trim());
                diagnostics.Warning(location, suggestion is null ? nameof(Strings.MetadataUnknown) : nameof(Strings.MetadataUnknownDidYouMean),
                    name, file, pair.Key.Trim(), pair.Value?.Trim(), suggestion);
            }
        }

        string? Get(string key) => metadata.TryGetValue(key, out var value) && value.Length > 0 ? value : null;
        string Raw(string key) => metadata.TryGetValue(key, out var value) ? value : string.Empty;

        // Health-check timing overrides: durations like 500ms, 5s or 2m, retries a whole number from 1 to 100; web only.
        HealthCheckTiming HealthTiming(ProcessKind kind)
        {
            TimeSpan? Duration(string key)
            {
                if (Get(key) is not { } value) return null;
                if (kind != ProcessKind.Web) Error(nameof(Strings.HealthTimingInvalid), key, value, "only a web process has a health check");
                else if (Quantities.TryParseDuration(value, out var duration)) return duration;
                else Error(nameof(Strings.HealthTimingInvalid), key, value, "use a duration such as 500ms, 5s or 2m");
                return null;
            }

            var interval = Duration(MetadataNames.HealthInterval);
            var timeout = Duration(MetadataNames.HealthTimeout);
            var startPeriod = Duration(MetadataNames.HealthStartPeriod);
            int? retries = null;
            if (Get(MetadataNames.HealthRetries) is { } retriesValue)
            {
                if (kind != ProcessKind.Web) Error(nameof(Strings.HealthTimingInvalid), MetadataNames.HealthRetries, retriesValue, "only a web process has a health check");
                else if (Quantities.TryParseWholeNumber(retriesValue, out var count) && count is >= 1 and <= 100) retries = count;
                else Error(nameof(Strings.HealthTimingInvalid), MetadataNames.HealthRetries, retriesValue, "use a whole number from 1 to 100");
            }

            return new HealthCheckTiming(interval, timeout, retries, startPeriod);
        }

        CheckName(name, app, Error);

        var runOn = Get(MetadataNames.RunOn);
        var runsOnDeploy = string.Equals(runOn, "deploy", StringComparison.OrdinalIgnoreCase);
        if (runOn is not null && !runsOnDeploy) Error(nameof(Strings.RunOnInvalid), runOn);

        var schedule = Get(MetadataNames.Schedule);
        var portValue = Get(MetadataNames.Port);
        var kind =
            runsOnDeploy || string.Equals(name, "release", StringComparison.OrdinalIgnoreCase) ? ProcessKind.Release
            : schedule is not null ? ProcessKind.Cron
            : portValue is not null ? ProcessKind.Web
            : ProcessKind.Worker;

        var command = Get(MetadataNames.Command);
        if (command is null) Error(nameof(Strings.CommandMissing), Raw(MetadataNames.Command));
        else if (command.IndexOfAny(new[] { '\r', '\n' }) >= 0) Error(nameof(Strings.CommandMultiline), command);
        else if (CommandLine.TrySplit(command) is null) Error(nameof(Strings.CommandUnbalanced), command);

        int? port = null;
        if (portValue is null)
        {
            if (name == "web") Error(nameof(Strings.WebWithoutPort), Raw(MetadataNames.Port));
        }
        else if (kind == ProcessKind.Release) Error(nameof(Strings.ReleaseMetadataNotAllowed), MetadataNames.Port, portValue);
        else if (kind == ProcessKind.Cron) Error(nameof(Strings.CronPortNotAllowed), portValue);
        else if (Quantities.TryParseWholeNumber(portValue, out var number) && number is >= 1 and <= 65535) port = number;
        else Error(nameof(Strings.PortInvalid), portValue);

        var replicas = 1;
        if (Get(MetadataNames.Replicas) is { } replicasValue)
        {
            if (kind == ProcessKind.Release) Error(nameof(Strings.ReleaseMetadataNotAllowed), MetadataNames.Replicas, replicasValue);
            else if (!Quantities.TryParseReplicas(replicasValue, out replicas)) Error(nameof(Strings.ReplicasInvalid), replicasValue);
            else if (kind == ProcessKind.Cron && replicas != 1) Error(nameof(Strings.CronReplicasNotOne), replicasValue);
        }

        if (schedule is not null)
        {
            if (kind == ProcessKind.Release) Error(nameof(Strings.ReleaseMetadataNotAllowed), MetadataNames.Schedule, schedule);
            else if (ScheduleError(schedule) is { } reason) Error(nameof(Strings.ScheduleInvalid), schedule, reason);
        }

        var healthPath = Get(MetadataNames.HealthPath);
        if (healthPath is not null)
        {
            if (kind != ProcessKind.Web) Error(nameof(Strings.HealthPathNotWeb), healthPath, kind.ToString().ToLowerInvariant());
            else if (!healthPath.StartsWith("/", StringComparison.Ordinal) || healthPath.Any(char.IsWhiteSpace))
                Error(nameof(Strings.HealthPathInvalid), healthPath);
        }

        var healthCheck = HealthTiming(kind);

        long? MemoryOf(string key)
        {
            if (Get(key) is not { } memoryValue) return null;
            if (!Quantities.TryParseMemory(memoryValue, out var bytes)) Error(nameof(Strings.MemoryInvalid), memoryValue);
            else if (bytes < Quantities.MinimumMemoryBytes) Error(nameof(Strings.MemoryTooSmall), memoryValue, bytes);
            else return bytes;
            return null;
        }

        double? CpuOf(string key)
        {
            if (Get(key) is not { } cpuValue) return null;
            if (Quantities.TryParseCpu(cpuValue, out var cpus)) return cpus;
            Error(nameof(Strings.CpuInvalid), cpuValue);
            return null;
        }

        var memory = MemoryOf(MetadataNames.Memory);
        var cpu = CpuOf(MetadataNames.Cpu);
        var memoryReservation = MemoryOf(MetadataNames.MemoryReservation);
        var cpuReservation = CpuOf(MetadataNames.CpuReservation);

        var dependsOn = (Get(MetadataNames.DependsOn) ?? string.Empty)
            .Split(DependencySeparators)
            .Select(dependency => dependency.Trim())
            .Where(dependency => dependency.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();

        var vm = Get(MetadataNames.Vm);
        if (vm is not null && !DnsNames.IsLabel(vm)) Error(nameof(Strings.ProcessVmInvalid), vm);

        return new ProcessDefinition(name, kind, command ?? string.Empty, port, replicas, schedule, healthPath, memory, cpu, dependsOn, location)
        {
            Vm = vm,
            HealthCheck = healthCheck,
            MemoryReservationBytes = memoryReservation,
            CpuReservation = cpuReservation,
        };
    }

    /// <summary>The name must be a DNS label, and the Docker names derived from it must fit in one.</summary>
    private static void CheckName(string name, string? app, Action<string, object?[]> error)
    {
        if (!DnsNames.IsLabel(name))
        {
            error(nameof(Strings.ProcessNameInvalid), []);
            return;
        }

        if (app is null) return;

        var serviceKey = $"{app}-{name}";
        var swarmName = $"{app}_{serviceKey}";
        if (serviceKey.Length > DnsNames.MaxLabelLength)
            error(nameof(Strings.ServiceNameTooLong), [serviceKey, app, serviceKey.Length]);
        else if (swarmName.Length > DnsNames.MaxLabelLength)
            error(nameof(Strings.SwarmServiceNameTooLong), [swarmName, swarmName.Length, serviceKey, app]);
    }

    /// <summary>Null when Cronos (which the agent also runs the schedule with) accepts the expression, else its reason.</summary>
    private static string? ScheduleError(string schedule)
    {
        try
        {
            CronExpression.Parse(schedule, CronFormat.Standard);
            return null;
        }
        catch (CronFormatException exception)
        {
            return exception.Message;
        }
    }
}
