using System;
using SuperDeploy.Model;

namespace SuperDeploy.Generators;

/// <summary>The Caddy site that routes the app's domain to its web replicas; null when the app has no web process.</summary>
public static class CaddySiteGenerator
{
    public static string? Generate(AppDefinition app) => throw new NotImplementedException();
}
