namespace Rollout.Common;

/// <summary>
/// Collects every broken rule of one request, each under the field that broke it, so a caller
/// learns all that is wrong at once; nothing is written while any rule is broken.
/// </summary>
public sealed class Validator
{
    private readonly Dictionary<string, List<string>> broken = new(StringComparer.Ordinal);

    public bool IsValid => broken.Count == 0;

    /// <summary>Returns the value of a parsed field, or records its error under <paramref name="field"/>.</summary>
    public T Field<T>(string field, Result<T> parsed)
    {
        if (parsed.IsSuccess)
        {
            return parsed.Value;
        }

        Add(field, parsed.Error.Message);
        return default!;
    }

    public void Require(bool rule, string field, string message)
    {
        if (!rule)
        {
            Add(field, message);
        }
    }

    /// <summary>Records a rule broken when a given text is longer than the storage allows.</summary>
    public void MaxLength(string field, string? value, int max) =>
        Require(value is null || value.Length <= max, field, $"At most {max} characters (this has {value?.Length}).");

    public void Add(string field, string message)
    {
        if (!broken.TryGetValue(field, out var messages))
        {
            broken[field] = messages = [];
        }

        messages.Add(message);
    }

    public void Add(Error error)
    {
        foreach (var (field, messages) in error.Fields)
        {
            foreach (var message in messages)
            {
                Add(field, message);
            }
        }
    }

    /// <summary>The collected errors as one invalid-input error, or null when every rule holds.</summary>
    public Error? ToError()
    {
        if (IsValid)
        {
            return null;
        }

        var fields = broken.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);
        var first = broken.First();
        var message = broken.Count == 1 && first.Value.Count == 1
            ? $"{first.Key}: {first.Value[0]}"
            : $"{fields.Sum(f => f.Value.Length)} fields break a rule; see 'errors'.";
        return Error.Invalid("validation", message, fields);
    }
}
