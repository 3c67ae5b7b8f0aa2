using System.Security.Cryptography;

namespace Rollout.Identity;

/// <summary>Which door a session was opened at: staff (API token, console) or customers (API token, storefront).</summary>
public enum Door
{
    Staff,
    Customer,
}

/// <summary>
/// One sign-in, from the password to the sign-out: every bearer token, refresh token and cookie it gives names it,
/// and each request checks it here, in the database every server shares. It ends when its owner signs out, when a
/// refresh token of its family is used twice, when its account changes (roles, password, disabled), and at the latest
/// at <see cref="ExpiresAt"/>, however often it is refreshed.
/// </summary>
public sealed class Session
{
    private Session()
    {
    }

    /// <summary>128 random bits, base64url: the value of the tickets' <c>rollout:sid</c> claim.</summary>
    public string Id { get; private set; } = "";

    public string UserId { get; private set; } = "";

    public Door Door { get; private set; }

    /// <summary>The account's security stamp when the session began; any change to the account (roles, password, disabled) makes a new one.</summary>
    public string Stamp { get; private set; } = "";

    /// <summary>UTC.</summary>
    public DateTime StartedAt { get; private set; }

    /// <summary>The absolute end (UTC): no refresh goes past it.</summary>
    public DateTime ExpiresAt { get; private set; }

    /// <summary>When it was ended before its time (UTC), and why (<see cref="EndReasons"/>).</summary>
    public DateTime? EndedAt { get; private set; }

    public string? EndReason { get; private set; }

    public static Session Start(string userId, string stamp, Door door, DateTimeOffset now, TimeSpan lifetime) => new()
    {
        Id = Base64Url(RandomNumberGenerator.GetBytes(16)),
        UserId = userId,
        Stamp = stamp,
        Door = door,
        StartedAt = now.UtcDateTime,
        ExpiresAt = (now + lifetime).UtcDateTime,
    };

    public bool IsLive(DateTimeOffset now) => EndedAt is null && now.UtcDateTime < ExpiresAt;

    internal static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>Why a session ended early, as stored in <see cref="Session.EndReason"/>.</summary>
public static class EndReasons
{
    public const string SignedOut = "signed-out";
    public const string RefreshReused = "refresh-token-reused";
    public const string AccountChanged = "account-changed";
}

/// <summary>
/// A refresh token of a session, kept only as its SHA-256. Each is used once: a refresh marks it used and issues the
/// next; a used one presented again means two holders (one of them a thief), and ends the whole session.
/// </summary>
public sealed class RefreshToken
{
    private RefreshToken()
    {
    }

    /// <summary>SHA-256 of the token, lower-case hex.</summary>
    public string Hash { get; private set; } = "";

    public string SessionId { get; private set; } = "";

    /// <summary>UTC.</summary>
    public DateTime IssuedAt { get; private set; }

    /// <summary>When it bought its successor (UTC); null while it is the session's current one.</summary>
    public DateTime? UsedAt { get; private set; }

    /// <summary>A new token for a session: the text for the client (shown once) and the row that remembers only its hash.</summary>
    public static (string Token, RefreshToken Row) Issue(string sessionId, DateTimeOffset now)
    {
        var token = "rt_" + Session.Base64Url(RandomNumberGenerator.GetBytes(32));
        return (token, new RefreshToken { Hash = HashOf(token), SessionId = sessionId, IssuedAt = now.UtcDateTime });
    }

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
}
