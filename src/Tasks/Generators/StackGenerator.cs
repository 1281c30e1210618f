using System;
using SuperDeploy.Model;

namespace SuperDeploy.Generators;

/// <summary>The app's Swarm stack file (Compose specification), one service per long-running process.</summary>
public static class StackGenerator
{
    public static string Generate(AppDefinition app, string image) => throw new NotImplementedException();
}
