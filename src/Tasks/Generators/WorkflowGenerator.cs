using System;
using SuperDeploy.Model;

namespace SuperDeploy.Generators;

/// <summary>The thin GitHub Actions workflow that calls `dotnet publish -t:SuperDeploy`.</summary>
public static class WorkflowGenerator
{
    public static string Generate(AppDefinition app, WorkflowOptions options) => throw new NotImplementedException();
}
