using SuperDeploy.Model;

namespace SuperDeploy.Validation;

public enum DiagnosticSeverity
{
    Error,
    Warning,
}

/// <summary>A validation or generation finding with a stable SD code; Message is the full text without the code prefix.</summary>
public sealed record Diagnostic(string Code, DiagnosticSeverity Severity, string Message, SourceLocation Location)
{
    public bool IsError => Severity == DiagnosticSeverity.Error;

    public override string ToString() => $"{Location}: {Severity.ToString().ToLowerInvariant()} {Code}: {Message}";
}
