using Microsoft.Extensions.Configuration;

namespace Rollout.Identity;

/// <summary>
/// Which roles must sign in with a second factor (an authenticator app's code): <c>Rollout:Identity:SecondFactorRequiredFor</c>,
/// roles separated by commas ("admin,pricing-manager"), or "none". Unset, it is "admin" everywhere but in Development.
/// Anyone may turn a second factor on; for these roles it cannot be turned off, and signing in without one is refused
/// until the account has enrolled an authenticator.
/// </summary>
public sealed record SecondFactorSettings(IReadOnlySet<string> RequiredFor)
{
    public const string Key = "Rollout:Identity:SecondFactorRequiredFor";

    public static SecondFactorSettings From(IConfiguration configuration, bool development)
    {
        var setting = configuration[Key];
        if (setting is null)
        {
            return new SecondFactorSettings(development ? new HashSet<string>() : new HashSet<string> { StaffRoles.Admin });
        }

        var roles = setting.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(r => r != "none").ToHashSet(StringComparer.Ordinal);
        var unknown = roles.Where(r => !StaffRoles.All.Contains(r) && r != RolloutUser.CustomerRole).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException(
                $"{Key}: '{string.Join("', '", unknown)}' is not a role; use roles from {string.Join(", ", StaffRoles.All)}, {RolloutUser.CustomerRole}, or none.");
        }

        return new SecondFactorSettings(roles);
    }

    /// <summary>Whether an account holding these roles must use a second factor.</summary>
    public bool IsRequired(IEnumerable<string> roles) => roles.Any(RequiredFor.Contains);
}
