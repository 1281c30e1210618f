using System.Collections.Generic;
using SuperDeploy.Model;
using SuperDeploy.Validation;

namespace SuperDeploy.Sources;

/// <summary>The app's processes from every source, in one list (config.yml, Procfile, then items), and the conflicts found.</summary>
public sealed record MergeResult(IReadOnlyList<ProcessInput> Processes, IReadOnlyList<Diagnostic> Diagnostics);
