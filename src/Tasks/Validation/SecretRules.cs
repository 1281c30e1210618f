using System.Collections.Generic;
using SuperDeploy.Model;
using SuperDeploy.Resources;

namespace SuperDeploy.Validation;

/// <summary>Secret rules that need the app's name: its Swarm secret names (versioned by value) must fit Docker's limit.</summary>
internal static class SecretRules
{
    public static void CheckSwarmNames(IReadOnlyList<string> secrets, string? app, string projectFile, List<Diagnostic> diagnostics)
    {
        if (app is null) return;
        foreach (var secret in secrets)
        {
            var length = SecretNames.VersionedLength(app, secret);
            if (length > SecretNames.MaxLength)
                diagnostics.Error(new SourceLocation(projectFile), nameof(Strings.SecretNameTooLong), secret, Messages.FileName(projectFile), SecretNames.Prefix(app, secret), length);
        }
    }
}
