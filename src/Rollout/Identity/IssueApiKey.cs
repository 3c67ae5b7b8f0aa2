using Microsoft.AspNetCore.Identity;
using Rollout.Storage;

namespace Rollout.Identity;

public sealed record IssueApiKeyRequest(string? Name, string[]? Roles, int? Days);

public sealed record ApiKeyResponse(string Id, string Name, IReadOnlyList<string> Roles, DateTime IssuedAt, DateTime ExpiresAt, DateTime? RevokedAt, string IssuedBy);

/// <summary>The answer to issuing a key: the key itself, shown this once and never again.</summary>
public sealed record IssuedApiKeyResponse(ApiKeyResponse Key, string Secret);

/// <summary>An admin issues a staff member a key for scripts, with some of their roles (no wider), for 1 to 365 days.</summary>
public static class IssueApiKey
{
    public const int MostDays = 365;

    public static async Task<Result<IssuedApiKeyResponse>> Handle(
        string email, IssueApiKeyRequest request, string issuedBy, UserManager<RolloutUser> users, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null || !await SignInAtDoor.IsAt(Door.Staff, user, users))
        {
            return Error.NotFound("staff.not_found", $"No staff member has the e-mail {email}.");
        }

        var held = (await users.GetRolesAsync(user)).Where(r => StaffRoles.All.Contains(r)).ToList();
        var wanted = request.Roles?.Distinct().ToList() ?? [];
        var validator = new Validator();
        validator.Require(!string.IsNullOrWhiteSpace(request.Name), "name", "Name the key after what uses it (\"nightly price import\").");
        validator.MaxLength("name", request.Name, 80);
        validator.Require(wanted.Count > 0, "roles", $"Give at least one of {email}'s roles ({string.Join(", ", held)}).");
        foreach (var role in wanted.Where(r => !held.Contains(r)))
        {
            validator.Add("roles", $"'{role}' is not one of {email}'s roles ({string.Join(", ", held)}); a key is never wider than its account.");
        }

        validator.Require(request.Days is null or (>= 1 and <= MostDays), "days", $"From 1 to {MostDays} days.");
        validator.Require(user.DisabledAt is null, "email", $"{email} is disabled; enable the account first.");
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        var (key, text) = StaffApiKey.Issue(user.Id, request.Name!.Trim(), wanted, issuedBy, clock.GetUtcNow(), TimeSpan.FromDays(request.Days ?? 90));
        db.StaffApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        return new IssuedApiKeyResponse(ListApiKeys.ToResponse(key), text);
    }
}
