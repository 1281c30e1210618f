namespace SuperDeploy.Generators;

/// <summary>What the workflow needs beyond the model: where the project sits in the repository.</summary>
/// <param name="ProjectPathInRepository">The project file relative to the repository root, with forward slashes.</param>
/// <param name="Branch">Pushes to this branch deploy.</param>
/// <param name="DotnetVersion">The SDK that `actions/setup-dotnet` installs, unless <paramref name="GlobalJsonFile"/> is given.</param>
/// <param name="GlobalJsonFile">A global.json (relative to the repository root) that pins the SDK instead.</param>
/// <param name="TimeoutMinutes">The deploy job's timeout.</param>
/// <param name="RunsOn">The runner label.</param>
public sealed record WorkflowOptions(
    string ProjectPathInRepository,
    string Branch = "main",
    string DotnetVersion = "10.0.x",
    string? GlobalJsonFile = null,
    int TimeoutMinutes = 30,
    string RunsOn = "ubuntu-latest");
