using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;

namespace SuperDeploy.Agent
{
    /// <summary>One `NAME=/run/secrets/file` entry: the variable to set and the file holding its value.</summary>
    internal sealed record EnvFile(string Name, string Path);

    /// <summary>
    /// The `SUPERDEPLOY_ENV_FILES` list (`NAME=/path;NAME2=/path2`) and the files it names. Only names and paths
    /// are ever part of a message: a value is a secret (a Swarm secret mounted under /run/secrets).
    /// </summary>
    internal static class EnvFiles
    {
        public const string Variable = "SUPERDEPLOY_ENV_FILES";

        private static readonly Regex Name = new("^[A-Za-z_][A-Za-z0-9_]*\\z", RegexOptions.CultureInvariant);

        /// <summary>Parses the list; empty entries (a trailing ';') are allowed, a name twice is not.</summary>
        public static bool TryParse(string? spec, out IReadOnlyList<EnvFile> files, out string error)
        {
            var parsed = new List<EnvFile>();
            files = parsed;
            error = string.Empty;
            if (string.IsNullOrEmpty(spec))
            {
                return true;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (string entry in spec!.Split(';'))
            {
                if (entry.Length == 0)
                {
                    continue;
                }

                int equals = entry.IndexOf('=');
                string name = equals < 0 ? entry : entry.Substring(0, equals);
                string path = equals < 0 ? string.Empty : entry.Substring(equals + 1);
                if (!Name.IsMatch(name) || path.Length == 0)
                {
                    error = $"{Variable}: entry '{entry}' is not NAME=/path/to/file";
                    return false;
                }

                if (!seen.Add(name))
                {
                    error = $"{Variable}: {name} is listed more than once";
                    return false;
                }

                parsed.Add(new EnvFile(name, path));
            }

            return true;
        }

        /// <summary>The file's bytes without one trailing newline (`\n` or `\r\n`), as `echo value | docker secret create` leaves one.</summary>
        public static bool TryRead(EnvFile file, out byte[] value, out string error)
        {
            value = Array.Empty<byte>();
            error = string.Empty;
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(file.Path);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                error = $"{file.Name}: file {file.Path} does not exist (is the secret attached to this service?)";
                return false;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The exception's own text names only the path.
                error = $"{file.Name}: cannot read {file.Path}: {ex.Message}";
                return false;
            }

            int length = bytes.Length;
            if (length > 0 && bytes[length - 1] == (byte)'\n')
            {
                length--;
                if (length > 0 && bytes[length - 1] == (byte)'\r')
                {
                    length--;
                }
            }

            if (Array.IndexOf(bytes, (byte)0, 0, length) >= 0)
            {
                error = $"{file.Name}: {file.Path} contains a NUL byte, which an environment variable cannot hold";
                return false;
            }

            value = new byte[length];
            Buffer.BlockCopy(bytes, 0, value, 0, length);
            return true;
        }
    }
}
