using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using SuperDeploy.Generators;

namespace SuperDeploy.Output;

/// <summary>A file SuperDeploy wants on disk. Owned files (the source tree) are checked for foreign or edited content first.</summary>
public sealed record PlannedFile(string Path, string Content, bool CheckOwnership);

public enum WriteConflictKind
{
    /// <summary>The file exists and SuperDeploy did not write it (no generated header).</summary>
    ForeignFile,

    /// <summary>SuperDeploy wrote the file, but its body no longer matches the header's hash: the user edited it.</summary>
    EditedFile,
}

public sealed record WriteConflict(string Path, WriteConflictKind Kind);

public enum WriteOutcome
{
    Created,
    Updated,
    Unchanged,
}

/// <summary>
/// Writes generated files so that a rebuild is invisible when nothing changed (timestamps untouched), a crash
/// never leaves half a file (temp file + rename in the same folder), and a file the user owns is never overwritten.
/// </summary>
public sealed class SourceTreeWriter
{
    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private readonly Func<string, bool> _isUnmodifiedGeneratedFile;
    private readonly Func<string, bool> _hasHeader;

    /// <param name="isUnmodifiedGeneratedFile">Ours and unedited: may be overwritten.</param>
    /// <param name="hasHeader">Claims to be ours (edited or not): tells an edited file from a foreign one.</param>
    public SourceTreeWriter(Func<string, bool> isUnmodifiedGeneratedFile, Func<string, bool> hasHeader)
    {
        _isUnmodifiedGeneratedFile = isUnmodifiedGeneratedFile;
        _hasHeader = hasHeader;
    }

    /// <summary>The writer for SuperDeploy's own generated files.</summary>
    public static SourceTreeWriter ForGeneratedFiles() =>
        new(GeneratedHeader.IsUnmodifiedGeneratedFile, GeneratedHeader.HasHeader);

    /// <summary>Every planned file that would overwrite something SuperDeploy does not own. Writes nothing.</summary>
    public IReadOnlyList<WriteConflict> FindConflicts(IEnumerable<PlannedFile> files)
    {
        var conflicts = new List<WriteConflict>();
        foreach (var file in files.Where(f => f.CheckOwnership))
        {
            if (!File.Exists(file.Path)) continue;
            var existing = File.ReadAllText(file.Path);
            if (_isUnmodifiedGeneratedFile(existing)) continue;
            var kind = _hasHeader(existing) ? WriteConflictKind.EditedFile : WriteConflictKind.ForeignFile;
            conflicts.Add(new WriteConflict(file.Path, kind));
        }

        return conflicts;
    }

    /// <summary>Writes the content (UTF-8, no BOM) unless the file already holds exactly these bytes.</summary>
    public static WriteOutcome WriteIfChanged(string path, string content)
    {
        var bytes = Utf8NoBom.GetBytes(content);
        var exists = File.Exists(path);
        if (exists && SameBytes(File.ReadAllBytes(path), bytes)) return WriteOutcome.Unchanged;

        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = System.IO.Path.Combine(directory, "." + System.IO.Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            File.WriteAllBytes(temp, bytes);
            if (exists)
            {
                File.Replace(temp, path, destinationBackupFileName: null);
            }
            else
            {
                File.Move(temp, path);
            }
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }

        return exists ? WriteOutcome.Updated : WriteOutcome.Created;
    }

    // Span comparison would pull System.Memory into the net472 task folder.
    private static bool SameBytes(byte[] a, byte[] b)
    {
        if (a.Length != b.Length) return false;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i]) return false;
        }

        return true;
    }
}
