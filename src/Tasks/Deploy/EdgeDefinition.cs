using System.Collections.Generic;
using SuperDeploy.Generators;

namespace SuperDeploy.Deploy;

/// <summary>
/// The project's edge as the deploy needs it: the stack file, the Swarm name of its Caddy service, the root
/// Caddyfile (an external, content-named Swarm config the stack mounts) and the command that reloads Caddy.
/// </summary>
public sealed record EdgeDefinition(
    string Project,
    string StackYaml,
    string ServiceName,
    string CaddyfileConfigName,
    string Caddyfile,
    IReadOnlyList<string> ReloadArgv)
{
    /// <summary>The edge from EdgeGenerator, its published ports moved to the given host ports (tests use spare ones).</summary>
    /// <param name="placementConstraints">Multi-node: where Caddy runs (StackPlacement.EdgeConstraints); null on one VM.</param>
    public static EdgeDefinition Create(string project, string network, string caddyImage, int httpPort, int httpsPort,
        IReadOnlyList<string>? placementConstraints = null)
    {
        var stack = EdgeGenerator.Stack(project, network, caddyImage, httpPort, httpsPort, placementConstraints);
        return new EdgeDefinition(project, stack, $"{Model.Conventions.EdgeStackName(project)}_{EdgeGenerator.ServiceKey}",
            EdgeGenerator.CaddyfileConfigName(project), EdgeGenerator.Caddyfile(), EdgeGenerator.ReloadArgv);
    }
}
