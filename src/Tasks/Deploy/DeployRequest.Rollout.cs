namespace SuperDeploy.Deploy;

public sealed partial record DeployRequest
{
    /// <summary>
    /// False when the image tag already existed and was not built again: if the app already runs this stack file, the
    /// deploy changes nothing. True (the default) means the tag may point at new content.
    /// </summary>
    public bool ImageBuilt { get; init; } = true;

    /// <summary>SuperDeployForce: release and stack deploy even when nothing changed.</summary>
    public bool Force { get; init; }
}
