using SuperDeploy.Model;
using SuperDeploy.Tests.Unit.Nodes;
using SuperDeploy.Validation;
using static SuperDeploy.Tests.Unit.Validation.Inputs;

namespace SuperDeploy.Tests.Unit.Validation;

/// <summary>SuperDeployAddon items: one row per bad input with its code and the names its message must give, then what valid ones become.</summary>
public class AddonRulesTests
{
    private const string PropsFile = "/src/Directory.Build.props";

    /// <param name="Nodes">SuperDeployNode items: the row's error comes from checking the valid app against them (NodeRules.CheckRoles).</param>
    private sealed record Case(AppInput Input, string Code, params string[] Fragments)
    {
        public NodeInput[] Nodes { get; init; } = [];
    }

    private static NodeInput Node(string target, params string[] metadata) => NodeRulesTests.Node(target, metadata);

    /// <summary>One manager (also the edge) and two app nodes, one of them the only `db` node.</summary>
    private static readonly NodeInput[] ThreeNodes = [Node("root@10.0.0.5", "Role=manager;edge"), Node("root@10.0.0.6", "Role=app"), Node("root@10.0.0.7", "Role=app;db")];

    private static AddonInput Addon(string name, params string[] metadata) => AddonAt(ProjectFile, name, metadata);

    private static AddonInput AddonAt(string file, string name, params string[] metadata) =>
        new(name, metadata.Select(pair => pair.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]), new SourceLocation(file));

    private static AppInput With(params AddonInput[] addons) => App(Web) with { AddonItems = addons };

    private static AppInput WithSecretsAnd(string[] secrets, params AddonInput[] addons) => App([], secrets, Web) with { AddonItems = addons };

    private static AppInput WithConfig(AddonAttachment[] attachments, params AddonInput[] addons) => App(Web) with { Addons = attachments, AddonItems = addons };

    private static AddonAttachment FromConfig(string reference, string alias, int line) => new(reference, alias, new SourceLocation("/src/config.yml", line, 9));

    private static readonly AddonInput Db = Addon("databases.primary", "Type=postgres", "Version=16");

    private static readonly string Long = new('n', 30);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["name upper case"] = new(With(Addon("Databases.primary", "Type=postgres")), ErrorCodes.AddonNameInvalid, "'Databases.primary'", FileName),
        ["name underscore"] = new(With(Addon("databases.my_db", "Type=postgres")), ErrorCodes.AddonNameInvalid, "'databases.my_db'", FileName),
        ["name leading dot"] = new(With(Addon(".db", "Type=postgres")), ErrorCodes.AddonNameInvalid, "'.db'", FileName),
        ["name dash in first segment"] = new(With(Addon("my-db", "Type=redis")), ErrorCodes.AddonNameInvalid, "'my-db'", FileName),
        ["name trailing dash"] = new(With(Addon("db.main-", "Type=redis")), ErrorCodes.AddonNameInvalid, "'db.main-'", "'db-main-'", FileName),
        ["name empty segment"] = new(With(Addon("db..main", "Type=redis")), ErrorCodes.AddonNameInvalid, "'db..main'", FileName),
        ["service name too long"] = new(With(Addon(Long, "Type=redis")), ErrorCodes.AddonNameTooLong, $"'{Long}'", $"acme-addon-{Long}_{Long}", "72", "63", FileName),
        ["secret name too long"] = new(
            App(new Dictionary<string, string> { ["SuperDeployProject"] = new('p', 48) }, Web) with { AddonItems = [Addon("db", "Type=redis")] },
            ErrorCodes.AddonNameTooLong, "'db'", new string('p', 48) + "-db-url-", "66", "64", FileName),
        ["type missing"] = new(With(Addon("databases.primary", "Version=16")), ErrorCodes.AddonTypeMissing, "'databases.primary'", FileName),
        ["type unknown"] = new(With(Addon("databases.primary", "Type=mysql")), ErrorCodes.AddonTypeUnknown, "'databases.primary'", "'mysql'", FileName),
        ["attach undeclared item"] = new(With(Addon("databases.primary", "As=DB")), ErrorCodes.AddonNotDeclared, "'shop'", "'databases.primary'", "DB", "none", FileName),
        ["attach undeclared from config"] = new(
            WithConfig([FromConfig("queues.main", "RABBITMQ", 9)], Db), ErrorCodes.AddonNotDeclared, "'queues.main'", "RABBITMQ", "databases.primary", "config.yml"),
        ["type conflict"] = new(
            With(AddonAt(PropsFile, "databases.primary", "Type=postgres"), Addon("databases.primary", "Type=redis", "As=DB")),
            ErrorCodes.AddonMetadataConflict, "'databases.primary'", "Type='redis'", "Type='postgres'", "Directory.Build.props", FileName),
        ["version conflict"] = new(
            With(AddonAt(PropsFile, "databases.primary", "Type=postgres", "Version=16"), Addon("databases.primary", "Version=15")),
            ErrorCodes.AddonMetadataConflict, "'databases.primary'", "Version='15'", "Version='16'", FileName),
        ["alias conflict"] = new(
            With(Db, Addon("databases.primary", "As=DB"), AddonAt(PropsFile, "databases.primary", "As=MAIN")),
            ErrorCodes.AddonMetadataConflict, "As='MAIN'", "As='DB'"),
        ["alias lower case"] = new(With(Addon("databases.primary", "Type=postgres", "As=db")), ErrorCodes.AddonAliasInvalid, "'databases.primary'", "'db'", FileName),
        ["alias leading digit"] = new(With(Addon("databases.primary", "Type=postgres", "As=1DB")), ErrorCodes.AddonAliasInvalid, "'1DB'", FileName),
        ["alias leading underscore"] = new(With(Addon("databases.primary", "Type=postgres", "As=_DB")), ErrorCodes.AddonAliasInvalid, "'_DB'", FileName),
        ["alias dash"] = new(With(Addon("databases.primary", "Type=postgres", "As=MAIN-DB")), ErrorCodes.AddonAliasInvalid, "'MAIN-DB'", FileName),
        ["alias from config lower case"] = new(WithConfig([FromConfig("databases.primary", "Db", 8)], Db), ErrorCodes.AddonAliasInvalid, "'Db'", "config.yml"),
        ["alias reserved"] = new(With(Addon("databases.primary", "Type=postgres", "As=SUPERDEPLOY")), ErrorCodes.AddonAliasReserved, "'SUPERDEPLOY'", FileName),
        ["alias reserved prefix"] = new(With(Addon("databases.primary", "Type=postgres", "As=SUPERDEPLOY_DB")), ErrorCodes.AddonAliasReserved, "'SUPERDEPLOY_DB'", FileName),
        ["alias used twice"] = new(
            With(Addon("databases.primary", "Type=postgres", "As=DB"), Addon("databases.replica", "Type=postgres", "As=DB")),
            ErrorCodes.AddonAliasDuplicate, "'databases.replica'", "'DB'", "'databases.primary'", FileName),
        ["alias used twice config and item"] = new(
            WithConfig([FromConfig("databases.primary", "DB", 8)], Db, Addon("cache.main", "Type=redis", "As=DB")),
            ErrorCodes.AddonAliasDuplicate, "'cache.main'", "'DB'", "'databases.primary'", FileName),
        ["attached twice"] = new(
            WithConfig([FromConfig("databases.primary", "DB", 8)], Addon("databases.primary", "Type=postgres", "As=MAIN")),
            ErrorCodes.AddonAttachedTwice, "'databases.primary'", "DB", "MAIN", FileName),
        ["alias clashes with secret"] = new(
            WithSecretsAnd(["STRIPE_KEY", "DB_URL"], Addon("databases.primary", "Type=postgres", "As=DB")),
            ErrorCodes.AddonAliasClashesWithSecret, "'databases.primary'", "'DB'", "'DB_URL'", FileName),
        ["alias clashes with secret prefix"] = new(
            WithSecretsAnd(["DB_REPLICA_URL"], Addon("databases.primary", "Type=postgres", "As=DB")),
            ErrorCodes.AddonAliasClashesWithSecret, "'DB_REPLICA_URL'", FileName),
        ["host is a process service"] = new(
            App(Web, Process("cache", "Command=run")) with { AddonItems = [Addon("shop.cache", "Type=redis")] },
            ErrorCodes.AddonServiceClash, "'shop.cache'", "'shop-cache'", "'cache'", "'shop'", FileName),
        ["version with space"] = new(With(Addon("databases.primary", "Type=postgres", "Version=16 beta")), ErrorCodes.AddonVersionInvalid, "'16 beta'", FileName),
        ["version with colon"] = new(With(Addon("cache.main", "Type=redis", "Version=7:latest")), ErrorCodes.AddonVersionInvalid, "'7:latest'", FileName),
        ["version leading dot"] = new(With(Addon("cache.main", "Type=redis", "Version=.7")), ErrorCodes.AddonVersionInvalid, "'.7'", FileName),
        ["postgres version latest"] = new(With(Addon("databases.primary", "Type=postgres", "Version=latest")), ErrorCodes.AddonPostgresVersionNoMajor, "'latest'", FileName),
        ["postgres version alpine only"] = new(
            With(Addon("databases.primary", "Type=postgres", "Version=alpine", "Image=postgres:16-alpine")),
            ErrorCodes.AddonPostgresVersionNoMajor, "'alpine'", FileName),
        ["image with space"] = new(With(Addon("cache.main", "Type=redis", "Image=redis 7")), ErrorCodes.AddonImageInvalid, "'redis 7'", FileName),
        ["image upper case start"] = new(With(Addon("cache.main", "Type=redis", "Image=Redis:7")), ErrorCodes.AddonImageInvalid, "'Redis:7'", FileName),
        ["memory word"] = new(With(Addon("cache.main", "Type=redis", "Memory=lots")), ErrorCodes.AddonMemoryInvalid, "'cache.main'", "Memory", "'lots'", FileName),
        ["memory below docker minimum"] = new(With(Addon("cache.main", "Type=redis", "Memory=5m")), ErrorCodes.AddonMemoryInvalid, "'5m'", FileName),
        ["cpu zero"] = new(With(Addon("cache.main", "Type=redis", "Cpu=0")), ErrorCodes.AddonCpuInvalid, "'cache.main'", "Cpu", "'0'", FileName),
        ["cpu comma"] = new(With(Addon("cache.main", "Type=redis", "Cpu=0,5")), ErrorCodes.AddonCpuInvalid, "'0,5'", FileName),
        ["publish word"] = new(With(Addon("cache.main", "Type=redis", "Publish=yes")), ErrorCodes.AddonPublishInvalid, "'cache.main'", "Publish", "'yes'", "6379", FileName),
        ["publish port zero"] = new(With(Addon("cache.main", "Type=redis", "Publish=0")), ErrorCodes.AddonPublishInvalid, "'0'", FileName),
        ["publish port too big"] = new(With(Addon("cache.main", "Type=redis", "Publish=70000")), ErrorCodes.AddonPublishInvalid, "'70000'", FileName),
        ["vm upper case"] = new(With(Addon("cache.main", "Type=redis", "Vm=Db")), ErrorCodes.AddonVmInvalid, "'cache.main'", "Vm", "'Db'", FileName),
        ["vm with underscore"] = new(With(AddonAt(PropsFile, "cache.main", "Type=redis", "Vm=cache_nodes")), ErrorCodes.AddonVmInvalid, "'cache_nodes'", "Directory.Build.props"),
        ["vm no node has"] = new(
            With(AddonAt(PropsFile, "databases.primary", "Type=postgres"), Addon("databases.primary", "Vm=data", "As=DB")),
            ErrorCodes.AddonVmNoNode, "'databases.primary'", "Vm", "'data'", "app, db, edge, manager", FileName) { Nodes = ThreeNodes },
        ["vm held by several nodes"] = new(
            With(AddonAt(PropsFile, "databases.primary", "Type=postgres", "Vm=app")),
            ErrorCodes.AddonVmSeveralNodes, "'databases.primary'", "Vm", "'app'", "2 nodes", "root@10.0.0.6, root@10.0.0.7", "volume", "Directory.Build.props") { Nodes = ThreeNodes },
        ["no vm with several managers"] = new(
            With(AddonAt(PropsFile, "databases.primary", "Type=postgres"), Addon("databases.primary", "As=DB")),
            ErrorCodes.AddonVmRequired, "'databases.primary'", "Vm", "3", "root@10.0.0.5, root@10.0.0.6, root@10.0.0.7", "Directory.Build.props")
        {
            Nodes = [Node("root@10.0.0.5", "Role=manager;db"), Node("root@10.0.0.6", "Role=manager;app"), Node("root@10.0.0.7", "Role=manager;app")],
        },
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void BadAddonInputIsReportedWithItsCodeAndNames(string caseName)
    {
        var (input, code, fragments) = Cases[caseName];
        var nodes = Cases[caseName].Nodes;

        var result = ModelBuilder.Build(input);
        var diagnostics = result.Diagnostics;
        if (nodes.Length > 0)
        {
            Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics.Select(d => d.Message)));
            var declared = NodeRules.Read(nodes);
            Assert.False(declared.HasErrors);
            diagnostics = NodeRules.CheckRoles(result.App!, declared.Nodes);
        }

        var diagnostic = Assert.Single(diagnostics, d => d.Code == code);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.All(fragments, fragment => Assert.Contains(fragment, diagnostic.Message));
        if (nodes.Length == 0) Assert.Null(result.App);
    }

    [Fact]
    public void AnAddonOnOneNodeIsValid()
    {
        var pinned = Addon("databases.primary", "Type=postgres", "Vm=db", "As=DB");
        var app = ModelBuilder.Build(With(pinned)).App!;
        var addon = Assert.Single(app.AddonDefinitions);
        Assert.Equal(("db", ProjectFile), (addon.Vm, addon.VmLocation!.File));

        // Its role on exactly one node; without Vm, the only manager; no nodes at all, one VM (Vm places nothing there).
        Assert.Empty(NodeRules.CheckRoles(app, NodeRules.Read(ThreeNodes).Nodes));
        Assert.Empty(NodeRules.CheckRoles(ModelBuilder.Build(With(Db)).App!, NodeRules.Read(ThreeNodes).Nodes));
        Assert.Empty(NodeRules.CheckRoles(app, []));
        Assert.Null(Assert.Single(ModelBuilder.Build(With(Db)).App!.AddonDefinitions).Vm);
        Assert.DoesNotContain(ModelBuilder.Build(With(pinned)).Diagnostics, d => d.Code == ErrorCodes.AddonMetadataUnknown);
    }

    [Fact]
    public void EveryAddonErrorCodeHasARow()
    {
        var covered = Cases.Values.Select(c => c.Code).ToHashSet();
        var missing = typeof(ErrorCodes).GetFields()
            .Select(field => (string)field.GetRawConstantValue()!)
            .Where(code => code.StartsWith("SD6", StringComparison.Ordinal) && code != ErrorCodes.AddonMetadataUnknown && !covered.Contains(code));
        Assert.Empty(missing);
    }

    [Fact]
    public void ADeclarationInDirectoryBuildPropsAndAnAttachmentInTheProjectMerge()
    {
        var result = ModelBuilder.Build(With(
            AddonAt(PropsFile, "databases.primary", "Type=postgres", "Version=16"),
            AddonAt(PropsFile, "cache.main", "Type=redis"),
            Addon("databases.primary", "As=DB")));

        Assert.Empty(result.Diagnostics);
        var app = result.App!;
        Assert.Equal(["databases.primary", "cache.main"], app.AddonDefinitions.Select(d => d.Name));
        var (attachment, addon) = Assert.Single(app.AttachedAddons);
        Assert.Equal(("databases.primary", "DB", ProjectFile), (attachment.Reference, attachment.Alias, attachment.Location.File));
        Assert.Equal(PropsFile, addon.Location.File);
        Assert.Equal((AddonType.Postgres, "16", "postgres:16"), (addon.Type, addon.Version, addon.Image));
    }

    [Fact]
    public void RepeatingTheSameValueOrTheSameAttachmentIsNotAConflict()
    {
        var result = ModelBuilder.Build(WithConfig(
            [FromConfig("databases.primary", "DB", 8)],
            AddonAt(PropsFile, "databases.primary", "Type=postgres", "Version=16"),
            Addon("databases.primary", "Type=Postgres", "Version=16", "As=DB")));

        Assert.Empty(result.Diagnostics);
        var attachment = Assert.Single(result.App!.Addons);
        Assert.Equal(("databases.primary", "DB"), (attachment.Reference, attachment.Alias));
    }

    [Theory]
    [InlineData("postgres", "16", "postgres:16", 5432, "app", "app", 1024)]
    [InlineData("Postgres", "15.4", "postgres:15.4", 5432, "app", "app", 1024)]
    [InlineData("redis", "7", "redis:7", 6379, "default", null, 512)]
    [InlineData("REDIS", "7.2-alpine", "redis:7.2-alpine", 6379, "default", null, 512)]
    [InlineData("rabbitmq", "3", "rabbitmq:3", 5672, "app", "/", 1024)]
    public void EachTypeHasItsOfficialImageAndDefaults(string type, string version, string image, int port, string user, string? database, long mebibytes)
    {
        var metadata = version == AddonTypes.DefaultVersion(AddonTypes.TryParse(type, out var t) ? t : default) ? new[] { $"Type={type}" } : new[] { $"Type={type}", $"Version={version}" };

        var addon = Assert.Single(ModelBuilder.Build(With(Addon("store.main", metadata))).App!.AddonDefinitions);

        Assert.Equal((version, image, port, user, database, mebibytes * 1024 * 1024), (addon.Version, addon.Image, addon.Port, addon.User, addon.Database, addon.MemoryBytes));
        Assert.Null(addon.Cpu);
        Assert.Null(addon.PublishPort);
    }

    [Fact]
    public void ImageMemoryCpuAndPublishOverrideTheDefaults()
    {
        var addon = Assert.Single(ModelBuilder.Build(With(Addon("databases.primary", "Type=postgres", "Version=15",
            "Image=127.0.0.1:5000/superdeploy/postgres:15", "Memory=2g", "Cpu=1.5", "Publish=true"))).App!.AddonDefinitions);

        Assert.Equal(("127.0.0.1:5000/superdeploy/postgres:15", 2L * 1024 * 1024 * 1024, 1.5, 5432),
            (addon.Image, addon.MemoryBytes, addon.Cpu!.Value, addon.PublishPort!.Value));
        Assert.Equal(15432, Assert.Single(ModelBuilder.Build(With(Addon("databases.primary", "Type=postgres", "Publish=15432"))).App!.AddonDefinitions).PublishPort);
        Assert.Null(Assert.Single(ModelBuilder.Build(With(Addon("databases.primary", "Type=postgres", "Publish=false"))).App!.AddonDefinitions).PublishPort);
    }

    [Fact]
    public void EveryDockerNameOfAnAddonComesFromTheProjectAndTheName()
    {
        var addon = Assert.Single(ModelBuilder.Build(With(Db)).App!.AddonDefinitions);

        Assert.Equal(
            ["databases-primary", "acme-addon-databases-primary", "acme-addon-databases-primary_databases-primary", "databases-primary",
             "acme-databases-primary-data", "acme-databases-primary-password"],
            [addon.ServiceKey, addon.StackName, addon.SwarmServiceName, addon.Host, addon.VolumeName, addon.PasswordSecret]);
        Assert.Matches("^acme-databases-primary-url-[0-9a-f]{10}$", addon.UrlSecret);
        Assert.Null(addon.ServerConfigSecret);
    }

    [Fact]
    public void AnUnknownMetadataIsAWarningAndTheAddonStillValid()
    {
        var result = ModelBuilder.Build(With(Addon("databases.primary", "Type=postgres", "Verison=15", "DefiningProjectFullPath=/src/x.props")));

        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal((ErrorCodes.AddonMetadataUnknown, DiagnosticSeverity.Warning), (warning.Code, warning.Severity));
        Assert.Contains("Verison='15'", warning.Message);
        Assert.Equal("16", Assert.Single(result.App!.AddonDefinitions).Version);
    }

    [Fact]
    public void AnAppSeesOnlyTheAddonsItAttaches()
    {
        var declarations = new[] { AddonAt(PropsFile, "databases.primary", "Type=postgres"), AddonAt(PropsFile, "cache.main", "Type=redis") };

        var attached = ModelBuilder.Build(With([.. declarations, Addon("cache.main", "As=CACHE")])).App!;
        var none = ModelBuilder.Build(With(declarations)).App!;

        Assert.Equal(["cache.main"], attached.AttachedAddons.Select(a => a.Addon.Name));
        Assert.Empty(none.AttachedAddons);
        Assert.Equal(2, none.AddonDefinitions.Count);
    }

    [Theory]
    [InlineData("16", "/var/lib/postgresql/data")]
    [InlineData("17.2", "/var/lib/postgresql/data")]
    [InlineData("15-alpine", "/var/lib/postgresql/data")]
    [InlineData("18", "/var/lib/postgresql")]
    [InlineData("18.1-trixie", "/var/lib/postgresql")]
    public void PostgresDataLivesWhereItsMajorVersionKeepsIt(string version, string directory) =>
        Assert.Equal(directory, AddonTypes.DataDirectory(AddonType.Postgres, version));
}
