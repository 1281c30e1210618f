using System.Collections.Generic;
using System.Linq;
using SuperDeploy.Model;

namespace SuperDeploy.Validation;

/// <summary>The validated nodes (empty while any error stands) and every diagnostic found on the way.</summary>
public sealed record NodesResult(IReadOnlyList<NodeDefinition> Nodes, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
