using System;
using System.Collections.Generic;
using SuperDeploy.Model;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace SuperDeploy.Generators;

/// <summary>The `.superdeploy` marker, exactly the seed's v3 shape.</summary>
/// <remarks>
/// Each block (the app header, then one per process) is its own YAML mapping, serialised on its own and joined with
/// a blank line, so the file reads like the seed's example while every value still goes through the emitter.
/// </remarks>
public static class MarkerGenerator
{
    public const string ManagedBy = "superdeploy";
    public const string Version = "v3";

    public static string Generate(AppDefinition app)
    {
        var blocks = new List<string> { YamlText.Write(AppBlock(app)) };
        foreach (var process in app.Processes) blocks.Add(YamlText.Write(ProcessBlock(process)));
        return GeneratedHeader.Wrap(string.Join("\n", blocks), SourceName(app.ProjectFile));
    }

    private static YamlMappingNode AppBlock(AppDefinition app)
    {
        var block = YamlText.Map();
        block.Put("project", app.Project);
        block.Put("app", app.App);
        block.Put("vm", app.Vm);
        block.Put("managed_by", ManagedBy);
        block.Put("version", Version);
        return block;
    }

    private static YamlMappingNode ProcessBlock(ProcessDefinition process)
    {
        var body = YamlText.Map();
        body.Put("command", process.Command);
        if (process.Kind == ProcessKind.Web && process.Port is { } port) body.Put("port", YamlText.Int(port));
        if (process.Kind != ProcessKind.Release) body.Put("replicas", YamlText.Int(process.Replicas));
        if (process.Kind == ProcessKind.Release) body.Put("run_on", "deploy");
        if (process.Kind == ProcessKind.Cron && process.Schedule != null) body.Put("schedule", YamlText.Quoted(process.Schedule));
        if (process.HealthPath != null) body.Put("health_path", process.HealthPath);
        if (process.MemoryBytes is { } memory) body.Put("memory", ResourceFormat.Memory(memory));
        if (process.Cpu is { } cpu) body.Put("cpu", YamlText.Number(ResourceFormat.Cpu(cpu)));
        if (process.DependsOn.Count > 0) body.Put("depends_on", YamlText.StrSeq(process.DependsOn, SequenceStyle.Flow));

        var block = YamlText.Map();
        block.Add(YamlText.Str(process.Name), body);
        return block;
    }

    /// <summary>The project file's name only: the marker is committed, so it must not differ between machines.</summary>
    internal static string SourceName(string projectFile)
    {
        var cut = Math.Max(projectFile.LastIndexOf('/'), projectFile.LastIndexOf('\\'));
        return cut >= 0 ? projectFile.Substring(cut + 1) : projectFile;
    }
}
