// Generation scale: the core (validation + every generator) over 1, 10 and 100 apps of 10 processes each.
// Prints time and allocated bytes per app, and the 100-vs-10 ratio that must stay near 10 (linear growth).
using System.Diagnostics;
using SuperDeploy.Generators;
using SuperDeploy.Model;
using SuperDeploy.Validation;

static AppInput App(int index)
{
    var file = new SourceLocation($"App{index}.csproj");
    var processes = new List<ProcessInput>
    {
        new("web", new Dictionary<string, string> { ["Command"] = "dotnet App.dll --urls http://0.0.0.0:$PORT", ["Port"] = "8000", ["Replicas"] = "2", ["HealthPath"] = "/health" }, file),
        new("release", new Dictionary<string, string> { ["Command"] = "dotnet App.dll --migrate", ["RunOn"] = "deploy" }, file),
        new("tick", new Dictionary<string, string> { ["Command"] = "dotnet App.dll --tick", ["Schedule"] = "*/5 * * * *" }, file),
    };
    for (var w = 0; w < 7; w++)
        processes.Add(new($"worker{w}", new Dictionary<string, string> { ["Command"] = $"dotnet App.dll --queue q{w}", ["Replicas"] = "3", ["Memory"] = "512M", ["Cpu"] = "0.5", ["DependsOn"] = "web" }, file));
    var properties = new Dictionary<string, string> { ["SuperDeployProject"] = "bench", ["SuperDeployApp"] = $"app{index}", ["SuperDeployDomain"] = $"app{index}.bench.example.com" };
    return new AppInput(file.File, properties, processes, new[] { "DB_PASSWORD" });
}

static int GenerateAll(IReadOnlyList<AppInput> inputs)
{
    var chars = 0;
    foreach (var input in inputs)
    {
        var app = ModelBuilder.Build(input).App ?? throw new InvalidOperationException("bench input is invalid");
        chars += MarkerGenerator.Generate(app).Length;
        chars += StackGenerator.Generate(app, $"registry.example.com/bench/{app.App}:abc123").Length;
        chars += CaddySiteGenerator.Generate(app)?.Length ?? 0;
        chars += WorkflowGenerator.Generate(app, new WorkflowOptions($"src/{app.App}/{app.App}.csproj")).Length;
    }
    return chars;
}

var sizes = (Environment.GetEnvironmentVariable("BENCH_SIZES") ?? "1,10,100").Split(',').Select(int.Parse).ToArray();
var rounds = args.Length > 0 ? int.Parse(args[0]) : 15;
for (var w = 0; w < 3; w++) GenerateAll(Enumerable.Range(0, 100).Select(App).ToList()); // warm up: JIT, YamlDotNet caches

var results = new Dictionary<int, (double MsPerApp, double BytesPerApp)>();
foreach (var size in sizes)
{
    var inputs = Enumerable.Range(0, size).Select(App).ToList();
    var times = new List<double>();
    long bytes = 0;
    for (var r = 0; r < rounds; r++)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetAllocatedBytesForCurrentThread();
        // Every round does the same total work (repeating small sets), so GC pressure is alike for every size.
        var repeats = Math.Max(1, 400 / size);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < repeats; i++) GenerateAll(inputs);
        times.Add(watch.Elapsed.TotalMilliseconds / repeats);
        bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / repeats;
    }
    // The fastest round: on a shared machine, noise only ever adds time.
    results[size] = (times.Min() / size, (double)bytes / size);
}

Console.WriteLine("| apps × 10 processes | ms per app (best of {0}) | KiB allocated per app |", rounds);
Console.WriteLine("|---|---|---|");
foreach (var size in sizes)
    Console.WriteLine($"| {size} | {results[size].MsPerApp:F2} | {results[size].BytesPerApp / 1024:F0} |");
var ratio = results[100].MsPerApp * 100 / (results[10].MsPerApp * 10);
Console.WriteLine($"time(100 apps) / time(10 apps) = {ratio:F2} (goal ≤ 11)");
