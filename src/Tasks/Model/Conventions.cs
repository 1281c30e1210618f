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
}
