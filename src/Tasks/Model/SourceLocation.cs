namespace SuperDeploy.Model;

/// <summary>Where an input came from, so a diagnostic can point at it (project file, Procfile line, config.yml line and column).</summary>
public sealed record SourceLocation(string File, int Line = 0, int Column = 0)
{
    public override string ToString() => Line > 0 ? $"{File}({Line},{Column})" : File;
}
