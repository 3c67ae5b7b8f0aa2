using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollout.Common;

/// <summary>
/// What every import of a JSON file shares: strict reading (an unknown property is an error, not ignored), and
/// errors collected under the path and line of the entry that broke a rule, so one run lists them all.
/// </summary>
public sealed class ImportFile
{
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private readonly JsonLines lines;

    private ImportFile(JsonLines lines) => this.lines = lines;

    public Validator Errors { get; } = new();

    /// <summary>Reads a file of <typeparamref name="T"/> whose <c>format</c> must be <paramref name="format"/>.</summary>
    public static Result<(T Document, ImportFile File)> Read<T>(string json, string format, Func<T, string?> formatOf)
    {
        var lines = JsonLines.Of(json);
        T? document;
        try
        {
            document = JsonSerializer.Deserialize<T>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            var (field, rule) = JsonErrors.Explain(e);
            var line = e.LineNumber is { } n ? n + 1 : lines.LineOf(field);
            return Error.Invalid(field, "file.malformed", $"line {line}: {rule}");
        }

        if (document is null)
        {
            return Error.Invalid("$", "file.empty", "line 1: the file holds no object.");
        }

        return formatOf(document) == format
            ? (document, new ImportFile(lines))
            : Error.Invalid("format", "file.format", $"line {lines.LineOf("format")}: 'format' must be \"{format}\".");
    }

    /// <summary>Counts a step that succeeded, or reports its error under the entry's path; true when it succeeded.</summary>
    public bool Count<T>(string path, Result<T> result, ref int counter)
    {
        if (result.IsSuccess)
        {
            counter++;
            return true;
        }

        Report(path, result.Error);
        return false;
    }

    public void Report(string path, Error error)
    {
        if (error.Fields.Count == 0)
        {
            Errors.Add(path, $"line {lines.LineOf(path)}: {error.Message}");
            return;
        }

        foreach (var (field, messages) in error.Fields)
        {
            var full = $"{path}.{field}";
            foreach (var message in messages)
            {
                Errors.Add(full, $"line {lines.LineOf(full)}: {message}");
            }
        }
    }

    public static IEnumerable<(T Item, int Index)> Indexed<T>(IEnumerable<T>? items) =>
        (items ?? []).Select((item, index) => (item, index));
}
