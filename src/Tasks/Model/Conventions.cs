namespace SuperDeploy.Model;

/// <summary>Names and paths that the generators, the image and the deploy plan must agree on.</summary>
public static class Conventions
{
    /// <summary>The SuperDeploy agent (health probe and cron runner) inside every image, under the container's working directory.</summary>
    public const string AgentDirectory = "/app/superdeploy";
    public const string AgentDll = AgentDirectory + "/SuperDeploy.Agent.dll";

    /// <summary>Where the edge keeps each app's Caddy site (inside its persistent /data volume).</summary>
    public const string EdgeSitesDirectory = "/data/superdeploy/sites";

    public static string EdgeStackName(string project) => $"{project}-edge";

    public const string LabelProject = "superdeploy.project";
    public const string LabelApp = "superdeploy.app";
    public const string LabelProcess = "superdeploy.process";
    public const string LabelKind = "superdeploy.kind";

    /// <summary>Where Swarm mounts a service's secrets (a secret's target is a file name there).</summary>
    public const string SecretsDirectory = "/run/secrets";

    /// <summary>`NAME=/run/secrets/FILE;...`: the variables the agent's `exec` sets from secret files before it runs the process.</summary>
    public const string EnvFilesVariable = "SUPERDEPLOY_ENV_FILES";

    /// <summary>On an addon's service and volume: the addon's name (`databases.primary`).</summary>
    public const string LabelAddon = "superdeploy.addon";

    /// <summary>On an addon's service: a hash of its generated stack, so a deploy can tell whether the running addon is what the project declares.</summary>
    public const string LabelAddonSpec = "superdeploy.addon-spec";
}
