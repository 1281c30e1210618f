using System.Collections.Generic;
using System.Linq;
using SuperDeploy.Model;

namespace SuperDeploy.Deploy.Commands;

/// <summary>What a rollout reads back from the services it deployed last time.</summary>
public static class RolloutCommands
{
    /// <summary>Hash of the whole app's stack file (as rendered for its last deploy) on every service of the app.</summary>
    public const string StackHashLabel = "superdeploy.stack-hash";

    /// <summary>One line per service: name, the stack hash label, the project label (each empty when the service has none).</summary>
    public static Command StackHashes(IEnumerable<string> services) =>
        Command.Docker(new[] { "service", "inspect", "--format",
                "{{.Spec.Name}}\t{{index .Spec.Labels \"" + StackHashLabel + "\"}}\t{{index .Spec.Labels \"" + Conventions.LabelProject + "\"}}" }
            .Concat(services).ToArray());
}
