using System;
using System.Globalization;
using SuperDeploy.Resources;

namespace SuperDeploy.Deploy;

/// <summary>Builds coded deploy errors from Strings.resx, whose entries read `SDnnnn: text`.</summary>
internal static class DeployErrors
{
    public static DeployException Create(string resourceName, params object[] args)
    {
        var text = Format(resourceName, args);
        var colon = text.IndexOf(": ", StringComparison.Ordinal);
        return new DeployException(text.Substring(0, colon), text.Substring(colon + 2));
    }

    public static string Format(string resourceName, params object[] args)
    {
        var format = Strings.ResourceManager.GetString(resourceName, Strings.Culture)
            ?? throw new InvalidOperationException($"No resource string {resourceName}.");
        return string.Format(CultureInfo.CurrentCulture, format, args);
    }
}
