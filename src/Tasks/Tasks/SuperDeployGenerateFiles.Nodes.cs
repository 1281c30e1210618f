using System;
using System.Collections.Generic;
using Microsoft.Build.Framework;
using SuperDeploy.Generators;
using SuperDeploy.Model;
using SuperDeploy.Sources;
using SuperDeploy.Validation;

namespace SuperDeploy.Tasks;

// The multi-node part of generation: SuperDeployNode items are validated with the app, and their presence turns on
// placement by role in the stack file.
public sealed partial class SuperDeployGenerateFiles
{
    /// <summary>@(SuperDeployNode): the project's nodes (usually from a shared Directory.Build.props); none = one VM, no placement.</summary>
    public ITaskItem[] Nodes { get; set; } = [];

    private IReadOnlyList<NodeDefinition> _nodes = Array.Empty<NodeDefinition>();

    /// <summary>Validates the nodes and the app's roles against them; false when an error stands.</summary>
    private bool CheckNodes(AppDefinition app)
    {
        var result = NodeRules.Read(NodeItemSource.Nodes(Nodes, ProjectFile));
        foreach (var diagnostic in result.Diagnostics) Report(diagnostic);
        if (result.HasErrors) return false;

        var roles = NodeRules.CheckRoles(app, result.Nodes);
        foreach (var diagnostic in roles) Report(diagnostic);
        _nodes = result.Nodes;
        return !System.Linq.Enumerable.Any(roles, d => d.IsError);
    }

    private StackOptions StackOptions => new() { NodesDeclared = _nodes.Count > 0 };
}
