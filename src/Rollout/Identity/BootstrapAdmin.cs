using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace Rollout.Identity;

/// <summary>
/// Makes sure an empty database gets its first admin: from configuration when an e-mail and password are given,
/// otherwise with a generated password that is shown once and never stored in clear.
/// </summary>
public static class BootstrapAdmin
{
    public const string DefaultEmail = "admin@rollout.local";

    /// <returns>The generated password when one was made, so the caller can show it; null otherwise.</returns>
    public static async Task<Result<string?>> Handle(string? email, string? password, UserManager<RolloutUser> users, RoleManager<IdentityRole> roles)
    {
        if (users.Users.Any())
        {
            return (string?)null;
        }

        var generated = string.IsNullOrEmpty(password) ? Generate() : null;
        var created = await AddStaff.Handle(new AddStaffRequest(email ?? DefaultEmail, password ?? generated, [StaffRoles.Admin]), users, roles);
        return created.IsSuccess ? generated : created.Error;
    }

    private static string Generate()
    {
        // Meets Identity's default rules: upper, lower, digit, symbol, length.
        var bytes = RandomNumberGenerator.GetBytes(12);
        return "Ro-" + Convert.ToBase64String(bytes).Replace('/', 'x').Replace('+', 'y') + "9a";
    }
}
