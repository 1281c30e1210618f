using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace SuperDeploy.Deploy.Nodes;

/// <summary>
/// Reads the one JSON shape docker prints for labels (`{{json .Spec.Labels}}`): an object of string values, or
/// `null` when there are none. Small on purpose: the task assembly also runs on .NET Framework, without System.Text.Json.
/// </summary>
public static class FlatJson
{
    /// <summary>The object's pairs, empty for `null` or `{}`; null when the text is not such an object.</summary>
    public static IReadOnlyDictionary<string, string>? ParseObject(string text)
    {
        var result = new SortedDictionary<string, string>(System.StringComparer.Ordinal);
        var json = text.Trim();
        if (json == "null" || json.Length == 0) return result;
        var i = 0;
        if (!Expect(json, ref i, '{')) return null;
        SkipBlanks(json, ref i);
        if (i < json.Length && json[i] == '}') return ++i == json.Length ? result : null;
        while (true)
        {
            var key = ReadString(json, ref i);
            if (key is null || !Expect(json, ref i, ':')) return null;
            var value = ReadString(json, ref i);
            if (value is null) return null;
            result[key] = value;
            SkipBlanks(json, ref i);
            if (i >= json.Length) return null;
            if (json[i] == ',') { i++; continue; }
            if (json[i] == '}') return ++i == json.Length ? result : null;
            return null;
        }
    }

    private static bool Expect(string json, ref int i, char c)
    {
        SkipBlanks(json, ref i);
        if (i >= json.Length || json[i] != c) return false;
        i++;
        return true;
    }

    private static void SkipBlanks(string json, ref int i)
    {
        while (i < json.Length && char.IsWhiteSpace(json[i])) i++;
    }

    private static string? ReadString(string json, ref int i)
    {
        if (!Expect(json, ref i, '"')) return null;
        var text = new StringBuilder();
        while (i < json.Length)
        {
            var c = json[i++];
            if (c == '"') return text.ToString();
            if (c != '\\') { text.Append(c); continue; }
            if (i >= json.Length) return null;
            var escape = json[i++];
            switch (escape)
            {
                case '"': text.Append('"'); break;
                case '\\': text.Append('\\'); break;
                case '/': text.Append('/'); break;
                case 'b': text.Append('\b'); break;
                case 'f': text.Append('\f'); break;
                case 'n': text.Append('\n'); break;
                case 'r': text.Append('\r'); break;
                case 't': text.Append('\t'); break;
                case 'u':
                    if (i + 4 > json.Length || !int.TryParse(json.Substring(i, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                        return null;
                    text.Append((char)code);
                    i += 4;
                    break;
                default: return null;
            }
        }

        return null;
    }
}
