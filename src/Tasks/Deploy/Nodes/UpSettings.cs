using System;

namespace SuperDeploy.Deploy.Nodes;

/// <param name="DrainTimeout">How long a drained node may take to hand its tasks over before Up stops with SD7103.</param>
/// <param name="PollInterval">How often the drain is checked.</param>
public sealed record UpSettings(TimeSpan DrainTimeout, TimeSpan PollInterval)
{
    public static readonly UpSettings Default = new(TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(1));
}
