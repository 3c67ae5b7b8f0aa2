using System.Text.Json;
using System.Text.RegularExpressions;

namespace Rollout.Common;

/// <summary>Says what is wrong with a JSON text in words for people, not in .NET type names.</summary>
public static partial class JsonErrors
{
    /// <summary>The field (a path such as <c>products[0].gtin</c>, or "body") and the rule it broke.</summary>
    public static (string Field, string Rule) Explain(JsonException error)
    {
        var path = (error.Path ?? "$").TrimStart('$').TrimStart('.');
        var field = path.Length == 0 ? "body" : path;
        var name = LastSegment().Match(path).Value;
        var message = error.Message;
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            return (field, $"'{name}' is not a field here; check its spelling against the API reference.");
        }

        if (Converted().Match(message) is { Success: true } converted)
        {
            // A record read through its constructor names itself, not the property: look the property up.
            var type = converted.Groups[1].Value;
            var property = Find(type)?.GetProperties().FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            return (field, $"'{name}' must be {Expected(property?.PropertyType.ToString() ?? type)}.");
        }

        // A syntax error (a text cut short, a stray comma) is the body's fault, not the last field read before it.
        var syntax = error.InnerException is not null || message.Contains("Expected depth", StringComparison.Ordinal) || message.Contains("end of data", StringComparison.Ordinal)
            || message.Contains("is an invalid", StringComparison.Ordinal) || message.Contains("invalid start of a", StringComparison.Ordinal);
        return (syntax ? "body" : field, Syntax().Replace(message, "").Replace(" Change the reader options.", "", StringComparison.Ordinal).Trim());
    }

    private static Type? Find(string fullName) =>
        AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(fullName)).FirstOrDefault(t => t is not null);

    private static string Expected(string type) => type switch
    {
        _ when type.Contains("Decimal", StringComparison.Ordinal) || type.Contains("Double", StringComparison.Ordinal) => "a number",
        _ when type.Contains("Int32", StringComparison.Ordinal) || type.Contains("Int64", StringComparison.Ordinal) => "a whole number",
        _ when type.Contains("Boolean", StringComparison.Ordinal) => "true or false",
        _ when type.Contains("[]", StringComparison.Ordinal) || type.Contains("List", StringComparison.Ordinal) => "a list [ ... ]",
        "System.String" => "text in double quotes",
        _ when type.StartsWith("Rollout.", StringComparison.Ordinal) => "a value of the right kind (see the API reference)",
        _ => "another kind of value",
    };

    [GeneratedRegex(@"could not be converted to ([^.\s]+(?:\.[^.\s]+)*)\.", RegexOptions.CultureInvariant)]
    private static partial Regex Converted();

    [GeneratedRegex(@"(?:Path: .*)?(?:\| ?LineNumber: \d+ \| BytePositionInLine: \d+\.)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Syntax();

    [GeneratedRegex(@"[^.\[\]]+(?=(\[\d+\])?$)", RegexOptions.CultureInvariant)]
    private static partial Regex LastSegment();
}
