namespace SuperDeploy.Deploy;

/// <summary>Where the deploy talks to the user (MSBuild's log in the tasks, a list in tests).</summary>
public interface IDeployOutput
{
    /// <summary>Always shown: step lines, the release's output, the ps table.</summary>
    void Line(string text);

    /// <summary>Shown with detailed verbosity: every command run (secret arguments hidden).</summary>
    void Detail(string text);

    void Warning(string text);
}
