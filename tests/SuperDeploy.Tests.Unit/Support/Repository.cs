namespace SuperDeploy.Tests.Unit.Support;

/// <summary>The checkout the tests run from (the folder holding SuperDeploy.Build.sln).</summary>
public static class Repository
{
    public static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SuperDeploy.Build.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException("SuperDeploy.Build.sln not found above " + AppContext.BaseDirectory);
    }
}
