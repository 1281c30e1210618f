using System.Security.Cryptography;
using System.Text;

namespace SuperDeploy.Model;

/// <summary>The one SHA-256 helper: fingerprints in names (secrets, configs), generated-file headers, edge sites, ACLs.</summary>
internal static class Hashes
{
    /// <summary>The first <paramref name="length"/> lower-case hex digits of SHA-256("superdeploy\0" + text).</summary>
    public static string Hex(string text, int length) => Sha256Hex("superdeploy\0" + text, length);

    /// <summary>The first <paramref name="length"/> (at most 64) lower-case hex digits of SHA-256 of the text's UTF-8 bytes.</summary>
    public static string Sha256Hex(string text, int length)
    {
        using var sha = SHA256.Create();
        var digest = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
        var hex = new StringBuilder(64);
        foreach (var b in digest) hex.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        return hex.ToString(0, length);
    }
}
