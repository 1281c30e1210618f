namespace SuperDeploy.Deploy.Commands;

/// <summary>`docker stack deploy` and friends. The stack file always travels on stdin, so nothing is written on the target.</summary>
public static class StackCommands
{
    /// <param name="resolveImage">"always" when the image is in a registry; "never" when it was loaded into the local engine.</param>
    /// <param name="detachFlag">Docker CLI 26+ waits by default; older CLIs have no --detach flag and never wait.</param>
    /// <param name="prune">Remove the stack's services the file does not declare; false for a partial file (an early DependsOn layer).</param>
    public static Command Deploy(string stack, string stackYaml, string resolveImage, bool detachFlag, bool prune = true)
    {
        var args = new System.Collections.Generic.List<string> { "stack", "deploy", "--compose-file", "-" };
        if (prune) args.Add("--prune");
        args.AddRange(new[] { "--with-registry-auth", "--resolve-image", resolveImage });
        if (detachFlag) args.Add("--detach=true");
        args.Add(stack);
        return Command.Docker(args.ToArray()).WithStdin(stackYaml);
    }

    public static Command Remove(string stack) => Command.Docker("stack", "rm", stack);
}
