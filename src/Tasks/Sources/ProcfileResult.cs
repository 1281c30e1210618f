using System.Collections.Generic;
using SuperDeploy.Model;
using SuperDeploy.Validation;

namespace SuperDeploy.Sources;

/// <summary>A Procfile's processes (none when any line is bad: the file is all or nothing) and what was wrong with it.</summary>
public sealed record ProcfileResult(IReadOnlyList<ProcessInput> Processes, IReadOnlyList<Diagnostic> Diagnostics);
