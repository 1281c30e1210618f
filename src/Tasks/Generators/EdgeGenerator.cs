using System;

namespace SuperDeploy.Generators;

/// <summary>The project's edge: one Caddy service publishing 80/443 in host mode, importing every app's site.</summary>
public static class EdgeGenerator
{
    /// <summary>The edge stack file for `docker stack deploy`.</summary>
    public static string Stack(string project, string network, string caddyImage) => throw new NotImplementedException();

    /// <summary>The edge's root Caddyfile: global options plus an import of every app's site file.</summary>
    public static string Caddyfile() => throw new NotImplementedException();
}
