using System.Text.RegularExpressions;

namespace Rollout.Common;

/// <summary>
/// A stable, URL-safe name for a channel or a product ("fr-online", "rn-nova-8"): lower-case letters,
/// digits and single hyphens, 2 to 64 characters. It is the key clients and import files use.
/// </summary>
public readonly partial record struct Slug
{
    private Slug(string value) => Value = value;

    public string Value { get; }

    public static Result<Slug> Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Error.Invalid("code", "slug.required", "A code is required (lower-case letters, digits and hyphens, e.g. 'fr-online').");
        }

        return Pattern().IsMatch(text)
            ? new Slug(text)
            : Error.Invalid("code", "slug.format", $"'{text}' is not a valid code: use 2-64 lower-case letters, digits and single hyphens, starting with a letter or digit.");
    }

    public override string ToString() => Value;

    [GeneratedRegex("^[a-z0-9](?:-?[a-z0-9]){1,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
