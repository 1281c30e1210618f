using System.Security.Cryptography;
using System.Text;

namespace SuperDeploy.Model;

/// <summary>Short SHA-256 fingerprints used in names (secrets, configs), so a name changes exactly when its content does.</summary>
internal static class Hashes
{
    /// <summary>The first <paramref name="length"/> lower-case hex digits of SHA-256("superdeploy\0" + text).</summary>
    public static string Hex(string text, int length)
    {
        using var sha = SHA256.Create();
        var digest = sha.ComputeHash(Encoding.UTF8.GetBytes("superdeploy\0" + text));
        var hex = new StringBuilder(length);
        for (var i = 0; hex.Length < length; i++) hex.Append(digest[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        return hex.ToString(0, length);
    }
}
