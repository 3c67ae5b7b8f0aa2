using System.Security.Cryptography;

namespace Rollout.Identity;

/// <summary>
/// A key an admin issues to a member of staff for scripts: <c>Authorization: StaffKey sk_{id}.{secret}</c>. It carries
/// some of the account's roles (never more: each use grants only those the account still holds), ends at its expiry
/// or when revoked, and stops while the account is disabled. The secret is shown once and kept only as its SHA-256.
/// </summary>
public sealed class StaffApiKey
{
    private StaffApiKey()
    {
    }

    /// <summary>96 random bits, base64url: the public half of the key, shown in lists.</summary>
    public string Id { get; private set; } = "";

    public string UserId { get; private set; } = "";

    public string Name { get; private set; } = "";

    /// <summary>The roles the key was given, comma-separated.</summary>
    public string Roles { get; private set; } = "";

    /// <summary>SHA-256 of the secret half, lower-case hex.</summary>
    public string SecretHash { get; private set; } = "";

    /// <summary>The admin who issued it.</summary>
    public string IssuedBy { get; private set; } = "";

    /// <summary>UTC.</summary>
    public DateTime IssuedAt { get; private set; }

    /// <summary>UTC.</summary>
    public DateTime ExpiresAt { get; private set; }

    /// <summary>UTC; null while it works.</summary>
    public DateTime? RevokedAt { get; private set; }

    public IReadOnlyList<string> RoleList => Roles.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public const string Prefix = "sk_";

    /// <summary>A new key: the row, and the text to show once (<c>sk_{id}.{secret}</c>).</summary>
    public static (StaffApiKey Key, string Text) Issue(string userId, string name, IEnumerable<string> roles, string issuedBy, DateTimeOffset now, TimeSpan lifetime)
    {
        var secret = Session.Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = new StaffApiKey
        {
            Id = Session.Base64Url(RandomNumberGenerator.GetBytes(12)),
            UserId = userId,
            Name = name,
            Roles = string.Join(',', roles),
            SecretHash = HashOf(secret),
            IssuedBy = issuedBy,
            IssuedAt = now.UtcDateTime,
            ExpiresAt = (now + lifetime).UtcDateTime,
        };
        return (key, $"{Prefix}{key.Id}.{secret}");
    }

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now.UtcDateTime;

    public bool Opens(string secret, DateTimeOffset now) =>
        RevokedAt is null && now.UtcDateTime < ExpiresAt
        && CryptographicOperations.FixedTimeEquals(Convert.FromHexString(SecretHash), Convert.FromHexString(HashOf(secret)));

    private static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));
}
