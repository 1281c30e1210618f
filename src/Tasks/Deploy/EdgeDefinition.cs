namespace SuperDeploy.Deploy;

/// <summary>
/// The project's edge as the deploy needs it: the stack file (from EdgeGenerator), the Swarm name of its Caddy service,
/// and the root Caddyfile path inside the container that `caddy reload` applies.
/// </summary>
public sealed record EdgeDefinition(string Project, string StackYaml, string ServiceName, string CaddyfilePath);
