using Xunit.Sdk;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

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

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection : ICollectionFixture<SampleDeployment>
{
    public const string Name = "EndToEnd";
}
