using Xunit.Sdk;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace SuperDeploy.Tests.Nodes;

/// <summary>The scenario's position of a test: up, rerun, deploy, look, lose a node, bring it back.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class StepAttribute(int order) : Attribute
{
    public int Order { get; } = order;
}

public sealed class StepOrderer : ITestCaseOrderer
{
    public const string Name = "SuperDeploy.Tests.Nodes.StepOrderer";
    public const string Assembly = "SuperDeploy.Tests.Nodes";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases) where TTestCase : ITestCase =>
        testCases.OrderBy(t => t.TestMethod.Method.GetCustomAttributes(typeof(StepAttribute).AssemblyQualifiedName!)
            .Select(a => (int)a.GetConstructorArguments().First()).FirstOrDefault());
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NodesCollection : ICollectionFixture<Cluster>
{
    public const string Name = "Nodes";
}
