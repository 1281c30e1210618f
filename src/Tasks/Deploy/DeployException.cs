using System;

namespace SuperDeploy.Deploy;

/// <summary>A deploy failure with a stable SD code; Message is the text without the code prefix.</summary>
public sealed class DeployException : Exception
{
    public DeployException(string code, string message) : base(message) => Code = code;

    public string Code { get; }
}
