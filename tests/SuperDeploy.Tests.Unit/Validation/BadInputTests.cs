using SuperDeploy.Model;
using SuperDeploy.Validation;
using static SuperDeploy.Tests.Unit.Validation.Inputs;

namespace SuperDeploy.Tests.Unit.Validation;

/// <summary>One row per bad input: the exact code, and the fragments (item, metadata, value, file) its message must name.</summary>
public class BadInputTests
{
    private sealed record Case(AppInput Input, string Code, params string[] Fragments);

    private static readonly string App50 = new('a', 50);
    private static readonly string App30 = new('b', 30);
    private static readonly string Label63 = new('c', 63);
    private static readonly string Secret47 = new('S', 47);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        // Properties
        ["project empty"] = new(WithProperty("SuperDeployProject", ""), ErrorCodes.PropertyRequired, "SuperDeployProject", FileName),
        ["app whitespace"] = new(WithProperty("SuperDeployApp", "   "), ErrorCodes.PropertyRequired, "SuperDeployApp", FileName),
        ["app upper case"] = new(WithProperty("SuperDeployApp", "Shop"), ErrorCodes.PropertyNotDnsLabel, "SuperDeployApp", "'Shop'", FileName),
        ["project underscore"] = new(WithProperty("SuperDeployProject", "my_project"), ErrorCodes.PropertyNotDnsLabel, "SuperDeployProject", "'my_project'", FileName),
        ["project too long"] = new(WithProperty("SuperDeployProject", Label63 + "c"), ErrorCodes.PropertyNotDnsLabel, "SuperDeployProject", Label63, FileName),
        ["vm trailing dash"] = new(WithProperty("SuperDeployVm", "vm-"), ErrorCodes.PropertyNotDnsLabel, "SuperDeployVm", "'vm-'", FileName),
        ["domain scheme"] = new(WithProperty("SuperDeployDomain", "https://shop.example.com"), ErrorCodes.DomainInvalid, "SuperDeployDomain", "'https://shop.example.com'", FileName),
        ["domain path"] = new(WithProperty("SuperDeployDomain", "shop.example.com/api"), ErrorCodes.DomainInvalid, "SuperDeployDomain", "'shop.example.com/api'", FileName),
        ["domain port"] = new(WithProperty("SuperDeployDomain", "shop.example.com:8080"), ErrorCodes.DomainInvalid, "SuperDeployDomain", "'shop.example.com:8080'", FileName),
        ["domain without dot"] = new(WithProperty("SuperDeployDomain", "shop"), ErrorCodes.DomainInvalid, "SuperDeployDomain", "'shop'", FileName),
        ["domain label dash"] = new(WithProperty("SuperDeployDomain", "-shop.example.com"), ErrorCodes.DomainInvalid, "SuperDeployDomain", "'-shop.example.com'", FileName),
        ["domain label too long"] = new(WithProperty("SuperDeployDomain", Label63 + "c.com"), ErrorCodes.DomainInvalid, "SuperDeployDomain", FileName),
        ["domain too long"] = new(WithProperty("SuperDeployDomain", string.Join(".", Label63, Label63, Label63, Label63)), ErrorCodes.DomainInvalid, "SuperDeployDomain", FileName),
        ["domain wildcard inside"] = new(WithProperty("SuperDeployDomain", "shop.*.example.com"), ErrorCodes.DomainInvalid, "SuperDeployDomain", "'shop.*.example.com'", FileName),
        ["domain bare wildcard tld"] = new(WithProperty("SuperDeployDomain", "*.com"), ErrorCodes.DomainInvalid, "SuperDeployDomain", "'*.com'", FileName),
        ["secret starts with digit"] = new(WithSecrets("1DB"), ErrorCodes.SecretNameInvalid, "'1DB'", FileName),
        ["secret with dash"] = new(WithSecrets("DB-URL"), ErrorCodes.SecretNameInvalid, "'DB-URL'", FileName),
        ["secret duplicate"] = new(WithSecrets("DB_URL", "STRIPE_KEY", "DB_URL"), ErrorCodes.SecretDuplicate, "'DB_URL'", FileName),
        ["secret swarm name too long"] = new(WithSecrets(Secret47), ErrorCodes.SecretNameTooLong, $"'{Secret47}'", $"shop-{Secret47.ToLowerInvariant()}-", "65", FileName),

        // Names
        ["name upper case"] = new(App(Process("Web", "Command=run", "Port=80")), ErrorCodes.ProcessNameInvalid, "'Web'", FileName),
        ["name underscore"] = new(App(Process("my_worker", "Command=run")), ErrorCodes.ProcessNameInvalid, "'my_worker'", FileName),
        ["name leading dash"] = new(App(Process("-x", "Command=run")), ErrorCodes.ProcessNameInvalid, "'-x'", FileName),
        ["name trailing dash"] = new(App(Process("x-", "Command=run")), ErrorCodes.ProcessNameInvalid, "'x-'", FileName),
        ["name empty"] = new(App(Process("", "Command=run")), ErrorCodes.ProcessNameInvalid, "''", FileName),
        ["name duplicate"] = new(App(Web, Process("worker", "Command=a"), Process("worker", "Command=b")), ErrorCodes.ProcessNameDuplicate, "'worker'", FileName),
        ["name duplicate other case"] = new(App(Web, Process("WEB", "Command=a", "Port=81")), ErrorCodes.ProcessNameDuplicate, "'WEB'", "'web'", FileName),
        ["service key too long"] = new(WithProperty("SuperDeployApp", App50, Process("worker-number-1", "Command=run")), ErrorCodes.ServiceNameTooLong, "'worker-number-1'", App50 + "-worker-number-1", "66", FileName),
        ["swarm name too long"] = new(WithProperty("SuperDeployApp", App30), ErrorCodes.SwarmServiceNameTooLong, "'web'", $"{App30}_{App30}-web", "65", "stack name", FileName),

        // Command and kind
        ["command missing"] = new(App(Web, Process("worker")), ErrorCodes.CommandMissing, "'worker'", "Command", FileName),
        ["command whitespace"] = new(App(Web, Process("worker", "Command=   ")), ErrorCodes.CommandMissing, "'worker'", "Command", FileName),
        ["command open quote"] = new(App(Process("web", "Command=dotnet Shop.dll \"--name", "Port=8080")), ErrorCodes.CommandUnbalanced, "'web'", "Command", "dotnet Shop.dll \"--name", FileName),
        ["health interval not a duration"] = new(App(Process("web", "Command=dotnet Shop.dll", "Port=8080", "HealthInterval=soon")), ErrorCodes.HealthTimingInvalid, "'web'", "HealthInterval", "soon", FileName),
        ["health retries zero"] = new(App(Process("web", "Command=dotnet Shop.dll", "Port=8080", "HealthRetries=0")), ErrorCodes.HealthTimingInvalid, "'web'", "HealthRetries", "0", FileName),
        ["health timeout on a worker"] = new(App(Process("worker", "Command=dotnet Shop.dll --worker", "HealthTimeout=5s")), ErrorCodes.HealthTimingInvalid, "'worker'", "HealthTimeout", "5s", FileName),
        ["command on two lines"] = new(App(Process("web", "Command=dotnet Shop.dll\n--other", "Port=8080")), ErrorCodes.CommandMultiline, "'web'", "Command", "dotnet Shop.dll", FileName),
        ["command trailing backslash"] = new(App(Process("web", "Command=dotnet Shop.dll \\", "Port=8080")), ErrorCodes.CommandUnbalanced, "'web'", "Command", "dotnet Shop.dll \\", FileName),
        ["run on boot"] = new(App(Web, Process("migrate", "Command=run", "RunOn=boot")), ErrorCodes.RunOnInvalid, "'migrate'", "RunOn", "'boot'", FileName),
        ["two releases"] = new(App(Web, Process("release", "Command=a"), Process("seed", "Command=b", "RunOn=deploy")), ErrorCodes.ReleaseDuplicate, "'seed'", "'release'", "RunOn", FileName),
        ["web without port"] = new(App(Process("web", "Command=dotnet Shop.dll")), ErrorCodes.WebWithoutPort, "'web'", "Port", FileName),

        // Port
        ["port zero"] = new(App(Process("web", "Command=run", "Port=0")), ErrorCodes.PortInvalid, "'web'", "Port", "'0'", FileName),
        ["port too big"] = new(App(Process("web", "Command=run", "Port=65536")), ErrorCodes.PortInvalid, "'web'", "Port", "'65536'", FileName),
        ["port letters"] = new(App(Process("web", "Command=run", "Port=80a")), ErrorCodes.PortInvalid, "'web'", "Port", "'80a'", FileName),
        ["port negative"] = new(App(Process("web", "Command=run", "Port=-1")), ErrorCodes.PortInvalid, "'web'", "Port", "'-1'", FileName),
        ["port decimal"] = new(App(Process("web", "Command=run", "Port=8.0")), ErrorCodes.PortInvalid, "'web'", "Port", "'8.0'", FileName),
        ["port overflow"] = new(App(Process("admin", "Command=run", "Port=99999999999")), ErrorCodes.PortInvalid, "'admin'", "Port", "'99999999999'", FileName),
        ["release with port"] = new(App(Web, Process("release", "Command=run", "Port=8081")), ErrorCodes.ReleaseMetadataNotAllowed, "'release'", "Port", "'8081'", FileName),
        ["cron with port"] = new(App(Web, Process("tick", "Command=run", "Schedule=@hourly", "Port=8081")), ErrorCodes.CronPortNotAllowed, "'tick'", "Port", "'8081'", FileName),

        // Replicas
        ["replicas negative"] = new(App(Web, Process("worker", "Command=run", "Replicas=-1")), ErrorCodes.ReplicasInvalid, "'worker'", "Replicas", "'-1'", FileName),
        ["replicas word"] = new(App(Web, Process("worker", "Command=run", "Replicas=two")), ErrorCodes.ReplicasInvalid, "'worker'", "Replicas", "'two'", FileName),
        ["replicas too many"] = new(App(Web, Process("worker", "Command=run", "Replicas=1001")), ErrorCodes.ReplicasInvalid, "'worker'", "Replicas", "'1001'", FileName),
        ["replicas decimal"] = new(App(Web, Process("worker", "Command=run", "Replicas=1.5")), ErrorCodes.ReplicasInvalid, "'worker'", "Replicas", "'1.5'", FileName),
        ["release with replicas"] = new(App(Web, Process("migrate", "Command=run", "RunOn=deploy", "Replicas=2")), ErrorCodes.ReleaseMetadataNotAllowed, "'migrate'", "Replicas", "'2'", FileName),
        ["cron with two replicas"] = new(App(Web, Process("tick", "Command=run", "Schedule=0 * * * *", "Replicas=2")), ErrorCodes.CronReplicasNotOne, "'tick'", "Replicas", "'2'", FileName),
        ["cron with zero replicas"] = new(App(Web, Process("tick", "Command=run", "Schedule=0 * * * *", "Replicas=0")), ErrorCodes.CronReplicasNotOne, "'tick'", "Replicas", "'0'", FileName),

        // Schedule
        ["schedule minute out of range"] = new(App(Web, Process("tick", "Command=run", "Schedule=61 * * * *")), ErrorCodes.ScheduleInvalid, "'tick'", "Schedule", "'61 * * * *'", FileName),
        ["schedule four fields"] = new(App(Web, Process("tick", "Command=run", "Schedule=* * * *")), ErrorCodes.ScheduleInvalid, "'tick'", "Schedule", "'* * * *'", FileName),
        ["schedule six fields"] = new(App(Web, Process("tick", "Command=run", "Schedule=0 0 * * * *")), ErrorCodes.ScheduleInvalid, "'tick'", "Schedule", "'0 0 * * * *'", FileName),
        ["schedule unknown macro"] = new(App(Web, Process("tick", "Command=run", "Schedule=@fortnightly")), ErrorCodes.ScheduleInvalid, "'tick'", "Schedule", "'@fortnightly'", FileName),
        ["release with schedule"] = new(App(Web, Process("release", "Command=run", "Schedule=@daily")), ErrorCodes.ReleaseMetadataNotAllowed, "'release'", "Schedule", "'@daily'", FileName),

        // HealthPath
        ["health path relative"] = new(App(Process("web", "Command=run", "Port=8080", "HealthPath=health")), ErrorCodes.HealthPathInvalid, "'web'", "HealthPath", "'health'", FileName),
        ["health path whitespace"] = new(App(Process("web", "Command=run", "Port=8080", "HealthPath=/he alth")), ErrorCodes.HealthPathInvalid, "'web'", "HealthPath", "'/he alth'", FileName),
        ["health path on worker"] = new(App(Web, Process("worker", "Command=run", "HealthPath=/health")), ErrorCodes.HealthPathNotWeb, "'worker'", "HealthPath", "'/health'", "worker process", FileName),
        ["health path on cron"] = new(App(Web, Process("tick", "Command=run", "Schedule=@hourly", "HealthPath=/health")), ErrorCodes.HealthPathNotWeb, "'tick'", "HealthPath", "'/health'", "cron process", FileName),
        ["health path on release"] = new(App(Web, Process("release", "Command=run", "HealthPath=/up")), ErrorCodes.HealthPathNotWeb, "'release'", "HealthPath", "'/up'", "release process", FileName),

        // Memory and Cpu
        ["memory word"] = new(App(Web, Process("worker", "Command=run", "Memory=lots")), ErrorCodes.MemoryInvalid, "'worker'", "Memory", "'lots'", FileName),
        ["memory unknown unit"] = new(App(Web, Process("worker", "Command=run", "Memory=512x")), ErrorCodes.MemoryInvalid, "'worker'", "Memory", "'512x'", FileName),
        ["memory comma"] = new(App(Web, Process("worker", "Command=run", "Memory=1,5g")), ErrorCodes.MemoryInvalid, "'worker'", "Memory", "'1,5g'", FileName),
        ["memory negative"] = new(App(Web, Process("worker", "Command=run", "Memory=-1m")), ErrorCodes.MemoryInvalid, "'worker'", "Memory", "'-1m'", FileName),
        ["memory KiB suffix"] = new(App(Web, Process("worker", "Command=run", "Memory=8192KiB")), ErrorCodes.MemoryInvalid, "'worker'", "Memory", "'8192KiB'", FileName),
        ["memory exponent"] = new(App(Web, Process("worker", "Command=run", "Memory=1e9")), ErrorCodes.MemoryInvalid, "'worker'", "Memory", "'1e9'", FileName),
        ["memory overflow"] = new(App(Web, Process("worker", "Command=run", "Memory=99999999999999g")), ErrorCodes.MemoryInvalid, "'worker'", "Memory", "'99999999999999g'", FileName),
        ["memory below docker minimum"] = new(App(Web, Process("worker", "Command=run", "Memory=5m")), ErrorCodes.MemoryTooSmall, "'worker'", "Memory", "'5m'", "5242880", FileName),
        ["memory one byte short"] = new(App(Web, Process("worker", "Command=run", "Memory=6291455")), ErrorCodes.MemoryTooSmall, "'worker'", "Memory", "'6291455'", FileName),
        ["cpu zero"] = new(App(Web, Process("worker", "Command=run", "Cpu=0")), ErrorCodes.CpuInvalid, "'worker'", "Cpu", "'0'", FileName),
        ["cpu negative"] = new(App(Web, Process("worker", "Command=run", "Cpu=-1")), ErrorCodes.CpuInvalid, "'worker'", "Cpu", "'-1'", FileName),
        ["cpu word"] = new(App(Web, Process("worker", "Command=run", "Cpu=half")), ErrorCodes.CpuInvalid, "'worker'", "Cpu", "'half'", FileName),
        ["cpu comma"] = new(App(Web, Process("worker", "Command=run", "Cpu=1,5")), ErrorCodes.CpuInvalid, "'worker'", "Cpu", "'1,5'", FileName),
        ["cpu too many"] = new(App(Web, Process("worker", "Command=run", "Cpu=512.5")), ErrorCodes.CpuInvalid, "'worker'", "Cpu", "'512.5'", FileName),

        // DependsOn
        ["depends on unknown"] = new(App(Web, Process("worker", "Command=run", "DependsOn=db")), ErrorCodes.DependsOnUnknown, "'worker'", "DependsOn", "'db'", FileName),
        ["depends on other case"] = new(App(Web, Process("worker", "Command=run", "DependsOn=WEB")), ErrorCodes.DependsOnUnknown, "'worker'", "DependsOn", "'WEB'", FileName),
        ["depends on itself"] = new(App(Web, Process("worker", "Command=run", "DependsOn=web;worker")), ErrorCodes.DependsOnSelf, "'worker'", "DependsOn", "'worker'", FileName),
        ["depends on cycle"] = new(
            App(Process("web", "Command=run", "Port=80", "DependsOn=worker"), Process("worker", "Command=run", "DependsOn=web")),
            ErrorCodes.DependsOnCycle, "'web'", "DependsOn", "web -> worker -> web", FileName),
        ["depends on long cycle"] = new(
            App(Web, Process("a", "Command=run", "DependsOn=b"), Process("b", "Command=run", "DependsOn=web,c"), Process("c", "Command=run", "DependsOn=a")),
            ErrorCodes.DependsOnCycle, "'a'", "DependsOn", "a -> b -> c -> a", FileName),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void BadInputIsReportedWithItsCodeAndNames(string caseName)
    {
        var (input, code, fragments) = Cases[caseName];

        var result = ModelBuilder.Build(input);

        var diagnostic = Assert.Single(result.Diagnostics, d => d.Code == code);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.All(fragments, fragment => Assert.Contains(fragment, diagnostic.Message));
        Assert.Null(result.App);
    }

    [Fact]
    public void EveryErrorCodeOfTheModelBuilderHasARow()
    {
        var covered = Cases.Values.Select(c => c.Code).ToHashSet();
        var warnings = new[] { ErrorCodes.NoProcesses, ErrorCodes.MetadataUnknown, ErrorCodes.InternalError };
        var missing = typeof(ErrorCodes).GetFields()
            .Select(field => (string)field.GetRawConstantValue()!)
            .Where(code => code.StartsWith("SD0", StringComparison.Ordinal) || code.StartsWith("SD1", StringComparison.Ordinal))
            .Where(code => !covered.Contains(code) && !warnings.Contains(code));
        Assert.Empty(missing);
    }
}
