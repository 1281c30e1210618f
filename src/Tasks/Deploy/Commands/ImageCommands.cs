using System.Collections.Generic;
using System.Linq;

namespace SuperDeploy.Deploy.Commands;

/// <summary>The target engine's local images of an app and the containers that hold them (for pruning old releases).</summary>
public static class ImageCommands
{
    /// <summary>Every local image of one repository: id, repository, tag, digest (a row per tag; see LocalImage).</summary>
    public static Command List(string repository) =>
        Command.Docker("image", "ls", "--digests", "--no-trunc", "--format", "{{.ID}}\t{{.Repository}}\t{{.Tag}}\t{{.Digest}}", repository);

    /// <summary>The image of every running container on the engine, one per line.</summary>
    public static Command RunningContainerImages() =>
        Command.Docker("ps", "--format", "{{.Image}}");

    /// <summary>Ids of the stack's stopped containers created from an image id (Swarm keeps a few per task slot).</summary>
    public static Command StoppedContainers(string stack, string imageId) =>
        Command.Docker("ps", "--all", "--quiet", "--no-trunc",
            "--filter", $"label={DeployLabels.StackNamespace}={stack}",
            "--filter", $"ancestor={imageId}",
            "--filter", "status=exited", "--filter", "status=created", "--filter", "status=dead");

    public static Command RemoveContainers(IEnumerable<string> ids) =>
        Command.Docker(new[] { "rm" }.Concat(ids).ToArray());

    /// <summary>Each service's image and the image of its previous spec (what `docker service rollback` returns to), one service per line.</summary>
    public static Command ServiceImages(IEnumerable<string> services) =>
        Command.Docker(new[] { "service", "inspect", "--format",
            "{{.Spec.TaskTemplate.ContainerSpec.Image}}\t{{with .PreviousSpec}}{{.TaskTemplate.ContainerSpec.Image}}{{end}}" }
            .Concat(services).ToArray());

    /// <summary>Removes every reference of an image (it is deleted with the last). Never forced: an image a container uses stays.</summary>
    public static Command Remove(IEnumerable<string> references) => Command.Docker(new[] { "image", "rm" }.Concat(references).ToArray());
}
