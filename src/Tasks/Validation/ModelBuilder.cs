using System.Collections.Generic;
using System.Linq;
using SuperDeploy.Model;
using SuperDeploy.Resources;

namespace SuperDeploy.Validation;

/// <summary>The one validation pass: raw inputs in, the model (or coded diagnostics) out.</summary>
public static class ModelBuilder
{
    public static ModelResult Build(AppInput input)
    {
        var diagnostics = new List<Diagnostic>();
        var settings = AppRules.ReadSettings(input, diagnostics);
        var secrets = AppRules.ReadSecrets(input, diagnostics);
        var processes = input.Processes.Select(process => ProcessRules.Read(process, settings.App, diagnostics)).ToList();
        AppRules.CheckProcesses(processes, diagnostics);
        SecretRules.CheckSwarmNames(secrets, settings.App, input.ProjectFile, diagnostics);
        var addons = AddonRules.Read(input, settings.Project, settings.App, secrets, processes, diagnostics);

        if (processes.Count == 0)
            diagnostics.Warning(new SourceLocation(input.ProjectFile), nameof(Strings.NoProcesses), Messages.FileName(input.ProjectFile), settings.App);

        if (diagnostics.Any(d => d.IsError) || settings.Project is null || settings.App is null)
            return new ModelResult(null, diagnostics);

        var app = new AppDefinition(settings.Project, settings.App, settings.Vm, settings.Domain, processes, secrets, input.ProjectFile)
        {
            Addons = addons.Attachments,
            AddonDefinitions = addons.Definitions,
        };
        return new ModelResult(app, diagnostics);
    }
}
