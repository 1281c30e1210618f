using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Build.Framework;
using SuperDeploy.Model;

namespace SuperDeploy.Sources;

/// <summary>MSBuild items (SuperDeployProcess, SuperDeploySecret) as raw model inputs.</summary>
public static class ItemSource
{
    public static IReadOnlyList<ProcessInput> Processes(IEnumerable<ITaskItem>? items, string projectFile) =>
        (items ?? Enumerable.Empty<ITaskItem>()).Select(item => Process(item, projectFile)).ToList();

    /// <summary>One process: its name is the item's Include, its metadata every custom metadata, its location the file that declared it.</summary>
    public static ProcessInput Process(ITaskItem item, string projectFile) =>
        new ProcessInput(item.ItemSpec, Metadata(item), new SourceLocation(DefiningFile(item, projectFile)));

    /// <summary>Secret names as declared (never values: those come from the environment at deploy time); validation reports bad or duplicate names.</summary>
    public static IReadOnlyList<string> SecretNames(IEnumerable<ITaskItem>? items) =>
        (items ?? Enumerable.Empty<ITaskItem>()).Select(item => item.ItemSpec).ToList();

    /// <summary>Every custom metadata of the item, by case-insensitive name (MSBuild's own well-known metadata excluded).</summary>
    public static Dictionary<string, string> Metadata(ITaskItem item)
    {
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in item.CloneCustomMetadata()) metadata[(string)entry.Key] = (string?)entry.Value ?? "";
        return metadata;
    }

    /// <summary>The project or import (Directory.Build.props, ...) that declared the item, else the project itself.</summary>
    public static string DefiningFile(ITaskItem item, string projectFile)
    {
        var defining = item.GetMetadata("DefiningProjectFullPath");
        return string.IsNullOrEmpty(defining) ? projectFile : defining;
    }
}
