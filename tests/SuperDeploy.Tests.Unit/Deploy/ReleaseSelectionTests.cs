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

    private static Release D(int n) => R(n) with { Digest = $"sha256:d{n}" };

    /// <summary>An image Swarm pulled by digest: no tag, one digest reference.</summary>
    private static LocalImage Pulled(int n) => new($"id{n}", [$"{Repo}@sha256:d{n}"]);

    private static LocalImage Tagged(string tag) => new("id-" + tag, [$"{Repo}:{tag}"]);

    [Fact]
    public void PruneKeepsTheNewestRecordsAndTheImagesTheyNameByDigest()
    {
        Release[] history = [D(1), D(2), D(3), D(4), D(5), D(6), D(7)];
        LocalImage[] local = [Pulled(1), Pulled(2), Pulled(3), Pulled(5), Pulled(7), new("id9", [$"{Repo}@sha256:d9"])];
        var plan = ReleaseSelection.Prune(history, 5, [], local);

        Assert.Equal([D(3), D(4), D(5), D(6), D(7)], plan.KeptRecords);
        Assert.Equal([D(1), D(2)], plan.RemovedRecords);
        Assert.Equal(["id1", "id2", "id9"], plan.RemovedImages.Select(i => i.Id));
    }

    [Fact]
    public void ImagesLoadedWithATagAreMatchedByTag()
    {
        Release[] history = [R(1), R(2), R(3)];
        var plan = ReleaseSelection.Prune(history, 2, [], [Tagged("t1"), Tagged("t2"), Tagged("t3"), Tagged("unrecorded")]);
        Assert.Equal(["id-t1", "id-unrecorded"], plan.RemovedImages.Select(i => i.Id));
    }

    [Fact]
    public void PruneNeverRemovesAnImageInUseEvenBeyondTheKeptReleases()
    {
        Release[] history = [D(1), D(2), D(3)];
        // A service still runs t1 pinned by digest (a process the last deploys did not touch), or would roll back to it.
        var plan = ReleaseSelection.Prune(history, 1, [$"{Repo}:t1@sha256:d1"], [Pulled(1), Pulled(2), Pulled(3)]);
        Assert.Equal(["id2"], plan.RemovedImages.Select(i => i.Id));
        Assert.Equal([D(3)], plan.KeptRecords);
    }

    [Fact]
    public void AnImageSharedByAKeptAndARemovedRecordStays()
    {
        Release[] history = [R(1, "a") with { Digest = "sha256:da" }, R(2, "b") with { Digest = "sha256:db" }, R(3, "a") with { Digest = "sha256:da" }];
        var plan = ReleaseSelection.Prune(history, 1, [], [new("ia", [$"{Repo}@sha256:da"]), new("ib", [$"{Repo}@sha256:db"])]);
        Assert.Equal(2, plan.RemovedRecords.Count);
        Assert.Equal(["ib"], plan.RemovedImages.Select(i => i.Id));
    }

    [Fact]
    public void UntaggedImagesStayWhileAKeptRecordHasNoDigest()
    {
        // Records written before digests were recorded: their pulled images cannot be told apart from others.
        Release[] history = [R(1), R(2), D(3)];
        var plan = ReleaseSelection.Prune(history, 2, [], [Pulled(1), Pulled(2), Tagged("unrecorded")]);
        Assert.Equal(["id-unrecorded"], plan.RemovedImages.Select(i => i.Id));
    }

    [Fact]
    public void PruneKeepsEverythingWhenHistoryIsShort()
    {
        var plan = ReleaseSelection.Prune([D(1), D(2)], 5, [], [Pulled(1), Pulled(2)]);
        Assert.Empty(plan.RemovedRecords);
        Assert.Empty(plan.RemovedImages);
    }

    [Fact]
    public void PruneKeepsAtLeastOneRelease() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ReleaseSelection.Prune(Three, 0, [], []));

    [Fact]
    public void LocalImagesAreGroupedByIdWithTheirTagsAndDigests()
    {
        var images = LocalImage.ParseAll(
            $"sha256:aa\t{Repo}\t<none>\tsha256:d1\n" +
            $"sha256:bb\t{Repo}\tv2\tsha256:d2\n" +
            $"sha256:bb\t{Repo}\tlatest\tsha256:d2\n" +
            $"sha256:cc\t{Repo}\tv3\t<none>\n");
        Assert.Equal(["sha256:aa", "sha256:bb", "sha256:cc"], images.Select(i => i.Id));
        Assert.Equal([$"{Repo}@sha256:d1"], images[0].References);
        Assert.Equal([$"{Repo}:v2", $"{Repo}@sha256:d2", $"{Repo}:latest"], images[1].References);
        Assert.Equal([$"{Repo}:v3"], images[2].References);
    }

    [Theory]
    [InlineData("127.0.0.1:5000/demo/api:v1@sha256:d", "127.0.0.1:5000/demo/api:v1|127.0.0.1:5000/demo/api@sha256:d")]
    [InlineData("127.0.0.1:5000/demo/api@sha256:d", "127.0.0.1:5000/demo/api@sha256:d")]
    [InlineData("127.0.0.1:5000/demo/api:v1", "127.0.0.1:5000/demo/api:v1")]
    public void AnImageNameStandsForItsTagAndItsDigest(string image, string references) =>
        Assert.Equal(references.Split('|'), ReleaseSelection.References(image));

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
