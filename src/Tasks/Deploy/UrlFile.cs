using System;
using System.IO;
using System.Text;

namespace SuperDeploy.Deploy;

/// <summary>The -p:UrlFile of a tunnel: the URL with its password, readable by the user only, gone when the tunnel closes.</summary>
internal static class UrlFile
{
    public static void Write(string path, string url)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // Created anew, so an existing file's wider mode is never kept.
        if (File.Exists(full)) File.Delete(full);
        var bytes = new UTF8Encoding(false).GetBytes(url + "\n");
#if NETFRAMEWORK
        File.WriteAllBytes(full, bytes);
#else
        if (OperatingSystem.IsWindows())
        {
            File.WriteAllBytes(full, bytes);
            return;
        }
        using var stream = new FileStream(full, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        stream.Write(bytes, 0, bytes.Length);
#endif
    }

    public static void Delete(string path)
    {
        try
        {
            File.Delete(Path.GetFullPath(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the tunnel is closed, the URL no longer leads anywhere.
        }
    }
}
