namespace SuperDeploy.Generators;

/// <summary>What the workflow needs beyond the model: where the project sits in the repository.</summary>
public sealed record WorkflowOptions(string ProjectPathInRepository, string Branch = "main");
