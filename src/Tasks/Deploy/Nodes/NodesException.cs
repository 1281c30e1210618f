using System;
using SuperDeploy.Validation;

namespace SuperDeploy.Deploy.Nodes;

/// <summary>A coded failure of SuperDeployUp or of a deploy-time node check; the message is the text after the code.</summary>
public sealed class NodesException : Exception
{
    private NodesException(string code, string message) : base(message) => Code = code;

    public string Code { get; }

    public static NodesException Create(string resourceName, params object?[] args)
    {
        var (code, message) = Messages.Split(Messages.Format(resourceName, args));
        return new NodesException(code, message);
    }
}
