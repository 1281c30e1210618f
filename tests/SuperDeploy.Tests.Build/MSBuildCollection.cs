using System.Runtime.CompilerServices;
using Microsoft.Build.Locator;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace SuperDeploy.Tests.Build;

/// <summary>One serial collection: MSBuild's build manager is a process-wide singleton, and child builds share one package feed.</summary>
[CollectionDefinition(Name)]
public sealed class MSBuildCollection : ICollectionFixture<SdkPackage>
{
    public const string Name = "MSBuild";
}

internal static class LocatorRegistration
{
    // Before any Microsoft.Build type loads, so MSBuild comes from the installed .NET SDK.
    [ModuleInitializer]
    internal static void Register()
    {
        if (!MSBuildLocator.IsRegistered) MSBuildLocator.RegisterDefaults();
    }
}
