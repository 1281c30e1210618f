using System.Collections.Generic;
using SuperDeploy.Model;
using SuperDeploy.Validation;

namespace SuperDeploy.Sources;

/// <summary>The app's raw input from every source, or null when a source had an error (report the diagnostics and stop).</summary>
public sealed record SourcesResult(AppInput? Input, IReadOnlyList<Diagnostic> Diagnostics);
