namespace Rollout.Common;

/// <summary>What kind of expected failure an <see cref="Error"/> is; the HTTP face maps each kind to one status.</summary>
public enum ErrorKind
{
    /// <summary>The input breaks a rule; nothing was written.</summary>
    Invalid,
    /// <summary>The thing named does not exist.</summary>
    NotFound,
    /// <summary>The input is well formed but clashes with the current state.</summary>
    Conflict,
    /// <summary>A retried write whose idempotency key was first used with another body.</summary>
    Unprocessable,
    /// <summary>A sign-in or a session that is refused: wrong password, unknown or ended session.</summary>
    Unauthorized,
    /// <summary>The caller is known but may not go on (a disabled account, a password that must be changed first).</summary>
    Forbidden,
}

/// <summary>
/// An expected failure as a value: a kind, a stable code clients can branch on, a message for people,
/// and, for invalid input, the rule each offending field broke.
/// </summary>
public sealed record Error(ErrorKind Kind, string Code, string Message, IReadOnlyDictionary<string, string[]> Fields)
{
    /// <summary>Figures a client may act on (the margin, the cap, the highest allowed price), beside the message.</summary>
    public IReadOnlyDictionary<string, object> Details { get; init; } = new Dictionary<string, object>();

    public static Error Invalid(string field, string code, string rule) =>
        new(ErrorKind.Invalid, code, rule, new Dictionary<string, string[]> { [field] = [rule] });

    public static Error Invalid(string code, string message, IReadOnlyDictionary<string, string[]> fields) =>
        new(ErrorKind.Invalid, code, message, fields);

    public static Error NotFound(string code, string message) =>
        new(ErrorKind.NotFound, code, message, new Dictionary<string, string[]>());

    public static Error Conflict(string code, string message) =>
        new(ErrorKind.Conflict, code, message, new Dictionary<string, string[]>());

    public static Error Unauthorized(string code, string message) =>
        new(ErrorKind.Unauthorized, code, message, new Dictionary<string, string[]>());

    public static Error Forbidden(string code, string message) =>
        new(ErrorKind.Forbidden, code, message, new Dictionary<string, string[]>());

    /// <summary>The same error with one field reported under another name; other fields stay as they are.</summary>
    public Error Rename(string field, string to) =>
        Fields.ContainsKey(field)
            ? this with { Fields = Fields.ToDictionary(f => f.Key == field ? to : f.Key, f => f.Value, StringComparer.Ordinal) }
            : this;

    /// <summary>The same error reported against another field name, for a rule checked deep in a request.</summary>
    public Error AtField(string field) =>
        Kind == ErrorKind.Invalid ? Invalid(field, Code, Message) : this;
}
