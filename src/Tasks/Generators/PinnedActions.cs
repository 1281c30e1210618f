namespace SuperDeploy.Generators;

/// <summary>
/// Actions the workflow uses, pinned by full commit SHA (a tag can be moved; a commit cannot), with the release it
/// is as a comment. Bump both together.
/// </summary>
public static class PinnedActions
{
    public static readonly PinnedAction Checkout = new("actions/checkout", "34e114876b0b11c390a56381ad16ebd13914f8d5", "v4.3.1");
    public static readonly PinnedAction SetupDotnet = new("actions/setup-dotnet", "67a3573c9a986a3f9c594539f4ab511d57bb3ce9", "v4.3.1");
}

/// <summary>An action at an exact commit; <see cref="Uses"/> is the `uses:` value and <see cref="Release"/> its comment.</summary>
public sealed record PinnedAction(string Repository, string Commit, string Release)
{
    public string Uses => Repository + "@" + Commit;
}
