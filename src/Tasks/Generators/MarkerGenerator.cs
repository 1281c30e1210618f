using System;
using SuperDeploy.Model;

namespace SuperDeploy.Generators;

/// <summary>The `.superdeploy` marker, exactly the seed's v3 shape.</summary>
public static class MarkerGenerator
{
    public static string Generate(AppDefinition app) => throw new NotImplementedException();
}
