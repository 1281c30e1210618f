using System;

namespace SuperDeploy.Deploy;

/// <summary>A deploy failure with a stable SD code; Message is the text without the code prefix.</summary>
public sealed class DeployException : Exception
{
    public DeployException(string code, string message) : base(message) => Code = code;

    public string Code { get; }

    /// <summary>Multi-line diagnostics (failing tasks, health output, logs) shown before the one-line error.</summary>
    public string? Details { get; private set; }

    public DeployException WithDetails(string details)
    {
        Details = details.Trim('\n').Length > 0 ? details.Trim('\n') : null;
        return this;
    }
}
