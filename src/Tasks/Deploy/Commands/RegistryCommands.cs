namespace SuperDeploy.Deploy.Commands;

/// <summary>Logging the target's Docker CLI in to the image registry; the password only ever travels on stdin.</summary>
public static class RegistryCommands
{
    public static Command Login(RegistryLogin login) =>
        new Command(new[] { "docker", "login", "--username", login.Username, "--password-stdin", login.Server }, login.Password, Sensitive: true);
}
