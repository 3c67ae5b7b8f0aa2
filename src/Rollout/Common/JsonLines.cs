using System.Text;
using System.Text.Json;

namespace Rollout.Common;

/// <summary>
/// Where each value of a JSON text starts, by path ("products[2].variants[0].gtin" → line 41), so an error found
/// after parsing can still point at a line of the file.
/// </summary>
public sealed class JsonLines
{
    private readonly Dictionary<string, int> lines = new(StringComparer.Ordinal);

    private JsonLines()
    {
    }

    /// <summary>Maps a JSON text; a malformed text maps as far as it is readable.</summary>
    public static JsonLines Of(string json)
    {
        var map = new JsonLines();
        var bytes = Encoding.UTF8.GetBytes(json);
        var newlines = new List<long>();
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                newlines.Add(i);
            }
        }

        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var path = new List<string>();
        var arrayIndex = new Stack<int>();
        try
        {
            while (reader.Read())
            {
                var line = LineAt(newlines, reader.TokenStartIndex);
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        path.Add(reader.GetString() ?? "");
                        map.lines.TryAdd(Join(path), line);
                        continue;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        EnterValue(path, arrayIndex, map, line);
                        if (reader.TokenType == JsonTokenType.StartArray)
                        {
                            arrayIndex.Push(-1);
                            path.Add("");
                        }
                        else
                        {
                            arrayIndex.Push(int.MinValue);
                        }

                        continue;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        if (arrayIndex.Pop() != int.MinValue)
                        {
                            path.RemoveAt(path.Count - 1);
                        }

                        LeaveValue(path, arrayIndex);
                        continue;
                    default:
                        EnterValue(path, arrayIndex, map, line);
                        LeaveValue(path, arrayIndex);
                        continue;
                }
            }
        }
        catch (JsonException)
        {
            // Keep what was mapped before the text broke.
        }

        return map;
    }

    /// <summary>The line of a path, or of its nearest mapped parent; 1 when nothing is known.</summary>
    public int LineOf(string path)
    {
        var probe = path;
        while (probe.Length > 0)
        {
            if (lines.TryGetValue(probe, out var line))
            {
                return line;
            }

            var cut = Math.Max(probe.LastIndexOf('.'), probe.LastIndexOf('['));
            probe = cut > 0 ? probe[..cut] : "";
        }

        return 1;
    }

    private static void EnterValue(List<string> path, Stack<int> arrayIndex, JsonLines map, int line)
    {
        if (arrayIndex.TryPeek(out var index) && index != int.MinValue)
        {
            arrayIndex.Pop();
            arrayIndex.Push(index + 1);
            path[^1] = $"[{index + 1}]";
            map.lines.TryAdd(Join(path), line);
        }
    }

    private static void LeaveValue(List<string> path, Stack<int> arrayIndex)
    {
        // A value that ends a property is dropped from the path; a value inside an array keeps the slot for the next.
        if (arrayIndex.Count == 0 || arrayIndex.Peek() == int.MinValue)
        {
            if (path.Count > 0)
            {
                path.RemoveAt(path.Count - 1);
            }
        }
    }

    private static string Join(List<string> path)
    {
        var text = new StringBuilder();
        foreach (var part in path)
        {
            if (part.StartsWith('['))
            {
                text.Append(part);
            }
            else if (part.Length > 0)
            {
                if (text.Length > 0)
                {
                    text.Append('.');
                }

                text.Append(part);
            }
        }

        return text.ToString();
    }

    private static int LineAt(List<long> newlines, long byteIndex)
    {
        var found = newlines.BinarySearch(byteIndex);
        return (found < 0 ? ~found : found) + 1;
    }
}
