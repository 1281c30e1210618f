using System;
using System.Linq;
using SuperDeploy.Deploy.Commands;

namespace SuperDeploy.Deploy.Nodes;

/// <summary>How many tasks a drained node still runs (<see cref="SwarmNodeCommands.TasksOnNode"/>): zero means they moved.</summary>
public static class DrainProgress
{
    private static readonly string[] LiveStates = { "New", "Pending", "Assigned", "Accepted", "Preparing", "Ready", "Starting", "Running" };

    /// <summary>
    /// Tasks the swarm still wants on the node, or that still run there (`Running 3 minutes ago`). A node that is down
    /// cannot report its tasks stopping, so there only what the swarm still wants counts.
    /// </summary>
    public static int Remaining(string stdout, bool nodeIsDown = false) => stdout
        .Split('\n')
        .Select(line => line.TrimEnd('\r').Split('\t'))
        .Where(fields => fields.Length >= 2)
        .Count(fields => fields[0].Trim() == "Running" || (!nodeIsDown && LiveStates.Contains(FirstWord(fields[1]), StringComparer.Ordinal)));

    private static string FirstWord(string text)
    {
        var trimmed = text.Trim();
        var space = trimmed.IndexOf(' ');
        return space < 0 ? trimmed : trimmed.Substring(0, space);
    }
}
