using SuperDeploy.Validation;

namespace SuperDeploy.Deploy;

/// <summary>Coded deploy errors from Strings.resx (`SDnnnn: text`), formatted by <see cref="Messages"/> like every other message.</summary>
internal static class DeployErrors
{
    public static DeployException Create(string resourceName, params object[] args)
    {
        var (code, message) = Messages.Split(Format(resourceName, args));
        return new DeployException(code, message);
    }

    public static string Format(string resourceName, params object[] args) => Messages.Format(resourceName, args);
}
