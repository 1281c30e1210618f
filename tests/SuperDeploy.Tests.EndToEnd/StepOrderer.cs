using Xunit.Sdk;

// Collections run in parallel: each has its own world (project, apps, edge ports), and most of a deploy is waiting
// for Swarm. EngineRestartCollection opts out, so it runs alone, after all of them.
[assembly: CollectionBehavior(MaxParallelThreads = 2)]

namespace SuperDeploy.Tests.EndToEnd;

/// <summary>The scenario's position of a test: deploy, then look, then scale, then redeploy, then remove a process.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class StepAttribute(int order) : Attribute
{
    public int Order { get; } = order;
}

public sealed class StepOrderer : ITestCaseOrderer
{
    public const string Name = "SuperDeploy.Tests.EndToEnd.StepOrderer";
    public const string Assembly = "SuperDeploy.Tests.EndToEnd";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases) where TTestCase : ITestCase =>
        testCases.OrderBy(t => t.TestMethod.Method.GetCustomAttributes(typeof(StepAttribute).AssemblyQualifiedName!)
            .Select(a => (int)a.GetConstructorArguments().First()).FirstOrDefault());
}

/// <summary>The Api and Admin samples and the apps copied from them, one deploy after another.</summary>
[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<SampleDeployment>
{
    public const string Name = "EndToEnd";
}

/// <summary>Secrets and addons: their own world, so they run beside <see cref="EndToEndCollection"/>.</summary>
[CollectionDefinition(Name)]
public sealed class AddonsCollection : ICollectionFixture<SampleDeployment>
{
    public const string Name = "EndToEnd.Addons";
}
