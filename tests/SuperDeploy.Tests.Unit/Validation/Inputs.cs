using SuperDeploy.Model;

namespace SuperDeploy.Tests.Unit.Validation;

/// <summary>Builds raw inputs the way the MSBuild task will: a project file, properties and items with string metadata.</summary>
internal static class Inputs
{
    public const string ProjectFile = "/src/Shop/Shop.csproj";
    public const string FileName = "Shop.csproj";

    public static ProcessInput Process(string name, params string[] metadata) =>
        new(name, metadata.Select(pair => pair.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]), new SourceLocation(ProjectFile));

    public static ProcessInput Web => Process("web", "Command=dotnet Shop.dll", "Port=8080");

    public static AppInput App(params ProcessInput[] processes) => App(new Dictionary<string, string>(), processes);

    /// <summary>An app with project `acme` and app `shop` unless <paramref name="properties"/> says otherwise.</summary>
    public static AppInput App(Dictionary<string, string> properties, params ProcessInput[] processes) =>
        App(properties, [], processes);

    public static AppInput App(Dictionary<string, string> properties, string[] secrets, params ProcessInput[] processes)
    {
        var all = new Dictionary<string, string> { ["SuperDeployProject"] = "acme", ["SuperDeployApp"] = "shop" };
        foreach (var (key, value) in properties) all[key] = value;
        return new AppInput(ProjectFile, all, processes, secrets);
    }

    public static AppInput WithProperty(string name, string value, params ProcessInput[] processes) =>
        App(new Dictionary<string, string> { [name] = value }, processes.Length == 0 ? [Web] : processes);

    public static AppInput WithSecrets(params string[] secrets) => App([], secrets, Web);
}
