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

var sizes = new[] { 1, 10, 100 };
var rounds = args.Length > 0 ? int.Parse(args[0]) : 7;
GenerateAll(Enumerable.Range(0, 10).Select(App).ToList()); // warm up: JIT, YamlDotNet reflection caches

var results = new Dictionary<int, (double MsPerApp, double BytesPerApp)>();
foreach (var size in sizes)
{
    var inputs = Enumerable.Range(0, size).Select(App).ToList();
    var times = new List<double>();
    long bytes = 0;
    for (var r = 0; r < rounds; r++)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        GenerateAll(inputs);
        times.Add(watch.Elapsed.TotalMilliseconds);
        bytes = GC.GetAllocatedBytesForCurrentThread() - before;
    }
    times.Sort();
    results[size] = (times[times.Count / 2] / size, (double)bytes / size);
}

Console.WriteLine("| apps × 10 processes | ms per app (median of {0}) | KiB allocated per app |", rounds);
Console.WriteLine("|---|---|---|");
foreach (var size in sizes)
    Console.WriteLine($"| {size} | {results[size].MsPerApp:F2} | {results[size].BytesPerApp / 1024:F0} |");
var ratio = results[100].MsPerApp * 100 / (results[10].MsPerApp * 10);
Console.WriteLine($"time(100 apps) / time(10 apps) = {ratio:F2} (goal ≤ 11)");
