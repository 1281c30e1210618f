using SuperDeploy.Deploy;
using Release = SuperDeploy.Deploy.ReleaseHistory.Release;

namespace SuperDeploy.Tests.Unit.Deploy;

/// <summary>Which release a rollback returns to, and what a deploy prunes.</summary>
public class ReleaseSelectionTests
{
    private const string Repo = "127.0.0.1:5000/demo/api";

    private static Release R(int n, string? tag = null) =>
        new($"superdeploy-release-api-2025013112{n:D4}", $"{Repo}:{tag ?? "t" + n}", tag ?? "t" + n, "c" + n, $"2025-01-31T12:{n:D2}:00Z");

    private static readonly Release[] Three = [R(1), R(2), R(3)];

    [Fact]
    public void PreviousIsTheNewestReleaseWithAnotherImageThanTheRunningOne()
    {
        Assert.Equal(R(2), ReleaseSelection.Previous(Three, $"{Repo}:t3"));
        Assert.Equal(R(2), ReleaseSelection.Previous(Three, $"{Repo}:t3@sha256:0123"));
    }

    [Fact]
    public void RollingBackTwiceReturnsToWhereItStarted()
    {
        // t3 was deployed, then rolled back to t2 (recorded as a release of t2).
        Release[] history = [R(1), R(2), R(3), R(4, "t2")];
        Assert.Equal(R(3), ReleaseSelection.Previous(history, $"{Repo}:t2"));
    }

    [Fact]
    public void TheRunningImageDecidesNotTheNewestRecord()
    {
        // Services run t2 although t3 was recorded last (reverted by hand): the newest other release is t3.
        Assert.Equal(R(3), ReleaseSelection.Previous(Three, $"{Repo}:t2"));
    }

    [Fact]
    public void WithNothingRunningTheNewestRecordCountsAsCurrent() =>
        Assert.Equal(R(2), ReleaseSelection.Previous(Three, null));

    [Fact]
    public void ThereIsNoPreviousReleaseWithOneImageOrNoHistory()
    {
        Assert.Null(ReleaseSelection.Previous([R(1)], $"{Repo}:t1"));
        Assert.Null(ReleaseSelection.Previous([R(1, "same"), R(2, "same")], $"{Repo}:same"));
        Assert.Null(ReleaseSelection.Previous([], null));
    }

    [Fact]
    public void ANamedReleaseIsFoundByRecordNameOrByTagNewestFirst()
    {
        Release[] history = [R(1), R(2, "x"), R(3), R(4, "x")];
        Assert.Equal(R(1), ReleaseSelection.Named(history, "superdeploy-release-api-20250131120001"));
        Assert.Equal(R(4, "x"), ReleaseSelection.Named(history, " x "));
        Assert.Null(ReleaseSelection.Named(history, "nope"));
    }

    [Fact]
    public void PruneKeepsTheNewestRecordsAndTheirImages()
    {
        Release[] history = [R(1), R(2), R(3), R(4), R(5), R(6), R(7)];
        string[] local = [$"{Repo}:t1", $"{Repo}:t2", $"{Repo}:t3", $"{Repo}:t5", $"{Repo}:t7", $"{Repo}:unrecorded"];
        var plan = ReleaseSelection.Prune(history, 5, [], local);

        Assert.Equal([R(3), R(4), R(5), R(6), R(7)], plan.KeptRecords);
        Assert.Equal([R(1), R(2)], plan.RemovedRecords);
        Assert.Equal([$"{Repo}:t1", $"{Repo}:t2", $"{Repo}:unrecorded"], plan.RemovedImages);
    }

    [Fact]
    public void PruneNeverRemovesAnImageInUseEvenBeyondTheKeptReleases()
    {
        Release[] history = [R(1), R(2), R(3)];
        string[] local = [$"{Repo}:t1", $"{Repo}:t2", $"{Repo}:t3"];
        // A service still runs t1 (pinned by digest), e.g. a process scaled by hand that the last deploys did not touch.
        var plan = ReleaseSelection.Prune(history, 1, [$"{Repo}:t1@sha256:abcd"], local);
        Assert.Equal([$"{Repo}:t2"], plan.RemovedImages);
        Assert.Equal([R(3)], plan.KeptRecords);
    }

    [Fact]
    public void AnImageSharedByAKeptAndARemovedRecordStays()
    {
        Release[] history = [R(1, "a"), R(2, "b"), R(3, "a")];
        var plan = ReleaseSelection.Prune(history, 1, [], [$"{Repo}:a", $"{Repo}:b"]);
        Assert.Equal([R(1, "a"), R(2, "b")], plan.RemovedRecords);
        Assert.Equal([$"{Repo}:b"], plan.RemovedImages);
    }

    [Fact]
    public void PruneIgnoresUntaggedImagesAndKeepsEverythingWhenHistoryIsShort()
    {
        var plan = ReleaseSelection.Prune([R(1), R(2)], 5, [], [$"{Repo}:t1", $"{Repo}:t2", $"{Repo}:<none>"]);
        Assert.Empty(plan.RemovedRecords);
        Assert.Empty(plan.RemovedImages);
    }

    [Fact]
    public void PruneKeepsAtLeastOneRelease() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ReleaseSelection.Prune(Three, 0, [], []));

    [Theory]
    [InlineData("127.0.0.1:5000/demo/api:abc", "127.0.0.1:5000/demo/api")]
    [InlineData("127.0.0.1:5000/demo/api:abc@sha256:0123", "127.0.0.1:5000/demo/api")]
    [InlineData("127.0.0.1:5000/demo/api", "127.0.0.1:5000/demo/api")]
    [InlineData("demo/api:20250131120000", "demo/api")]
    public void RepositoryOfDropsTheTagButNotTheRegistryPort(string image, string repository) =>
        Assert.Equal(repository, ReleaseSelection.RepositoryOf(image));

    [Theory]
    [InlineData("127.0.0.1:5000/demo/api:abc", true)]
    [InlineData("ghcr.io/owner/demo/api:abc", true)]
    [InlineData("localhost/demo/api:abc", true)]
    [InlineData("demo/api:abc", false)]
    [InlineData("api:abc", false)]
    public void AnImageIsInARegistryWhenItsFirstComponentIsAHost(string image, bool inRegistry) =>
        Assert.Equal(inRegistry, ReleaseSelection.IsInRegistry(image));

    [Theory]
    [InlineData("2025-01-31T11:59:15Z", "45 s")]
    [InlineData("2025-01-31T11:47:55Z", "12 min 5 s")]
    [InlineData("2025-01-31T08:40:00Z", "3 h 20 min")]
    [InlineData("2025-01-29T08:00:00Z", "2 d 4 h")]
    [InlineData("2025-01-31T12:05:00Z", "0 s")]
    public void LockAgeIsReadFromTheSinceLabel(string since, string age)
    {
        var now = new DateTimeOffset(2025, 1, 31, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(age, LockAge.Format(LockAge.Of(since, now)!.Value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("?")]
    [InlineData("yesterday")]
    public void ALockWithoutATimeHasNoAge(string since) =>
        Assert.Null(LockAge.Of(since, DateTimeOffset.UtcNow));
}
