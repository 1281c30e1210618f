using System.Collections.Generic;
using System.Linq;
using SuperDeploy.Model;

namespace SuperDeploy.Validation;

/// <summary>The validated app (null while any error stands) and every diagnostic found on the way.</summary>
public sealed record ModelResult(AppDefinition? App, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
