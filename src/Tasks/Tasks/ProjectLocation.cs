using System;
using System.IO;
using System.Linq;
using System.Text;

namespace SuperDeploy.Tasks;

/// <summary>Where a project sits: its repository or solution root, which names the SuperDeploy project by default.</summary>
public static class ProjectLocation
{
    /// <summary>The nearest folder, from the project's own upwards, holding `.git` or a solution file; null when there is none.</summary>
    public static string? FindRoot(string projectDirectory) =>
        Ancestors(projectDirectory).FirstOrDefault(dir => IsGitRoot(dir) || HasSolution(dir));

    /// <summary>The nearest folder holding `.git` (a folder, or a file in a worktree); null outside a repository.</summary>
    public static string? FindGitRoot(string projectDirectory) => Ancestors(projectDirectory).FirstOrDefault(IsGitRoot);

    /// <summary>The default SuperDeployProject: the repository or solution folder's name, else the project folder's, as a DNS label.</summary>
    public static string DefaultProjectName(string projectDirectory)
    {
        var root = FindRoot(projectDirectory) ?? projectDirectory;
        return ToDnsLabel(Path.GetFileName(TrimSeparators(Path.GetFullPath(root))));
    }

    /// <summary>The project file's path inside its repository, with forward slashes (the file name alone outside a repository).</summary>
    public static string PathInRepository(string projectFile)
    {
        var fullPath = Path.GetFullPath(projectFile);
        var gitRoot = FindGitRoot(Path.GetDirectoryName(fullPath)!);
        if (gitRoot is null) return Path.GetFileName(fullPath);
        var root = TrimSeparators(Path.GetFullPath(gitRoot)) + Path.DirectorySeparatorChar;
        return fullPath.Substring(root.Length).Replace('\\', '/');
    }

    /// <summary>
    /// The global.json that pins the project's .NET SDK (nearest above the project, inside its repository), relative to
    /// the repository root with forward slashes; null when there is none or it pins no SDK (only msbuild-sdks).
    /// </summary>
    public static string? GlobalJsonPinningSdk(string projectDirectory)
    {
        var gitRoot = FindGitRoot(projectDirectory);
        if (gitRoot is null) return null;
        var root = TrimSeparators(Path.GetFullPath(gitRoot));
        foreach (var dir in Ancestors(projectDirectory))
        {
            var file = Path.Combine(dir, "global.json");
            if (File.Exists(file))
            {
                // The .NET host uses the nearest global.json only, so a nearer one without "sdk" pins nothing.
                if (!PinsSdk.IsMatch(File.ReadAllText(file))) return null;
                return dir.Length == root.Length ? "global.json" : dir.Substring(root.Length + 1).Replace('\\', '/') + "/global.json";
            }

            if (dir.Length <= root.Length) break;
        }

        return null;
    }

    private static readonly System.Text.RegularExpressions.Regex PinsSdk = new("\"sdk\"\\s*:\\s*\\{", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>Lower-case letters, digits and single hyphens, at most 63 characters, no hyphen at either end.</summary>
    public static string ToDnsLabel(string name)
    {
        var label = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') label.Append(c);
            else if (label.Length > 0 && label[label.Length - 1] != '-') label.Append('-');
        }

        var text = label.ToString();
        if (text.Length > 63) text = text.Substring(0, 63);
        return text.Trim('-');
    }

    private static bool IsGitRoot(string dir) => Directory.Exists(Path.Combine(dir, ".git")) || File.Exists(Path.Combine(dir, ".git"));

    private static bool HasSolution(string dir) =>
        Directory.EnumerateFiles(dir, "*.sln").Any() || Directory.EnumerateFiles(dir, "*.slnx").Any();

    private static System.Collections.Generic.IEnumerable<string> Ancestors(string directory)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(directory)); dir is not null; dir = dir.Parent)
        {
            yield return dir.FullName;
        }
    }

    private static string TrimSeparators(string path) =>
        path.Length > 1 ? path.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) : path;
}
