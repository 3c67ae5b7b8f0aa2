using Microsoft.AspNetCore.Identity;
using Rollout.Storage;

namespace Rollout.Identity;

public sealed record ChangeOwnPasswordRequest(string? Email, string? CurrentPassword, string? NewPassword, string? TwoFactorCode = null);

/// <summary>
/// A member of staff chooses a new password, proving the current one: any time, and necessarily after their first
/// (generated) or an admin-set password. The current password is checked at the staff door, failures counting
/// toward the lockout like a sign-in (with the authenticator's code when a second factor is on); every session of the account ends, and they sign in again with the new one.
/// </summary>
public static class ChangeOwnPassword
{
    public static async Task<Result<string>> Handle(ChangeOwnPasswordRequest request, UserManager<RolloutUser> users, SecondFactorSettings factors, RolloutDb db, SessionCheck check, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator();
        validator.Require(!string.IsNullOrEmpty(request.NewPassword), "newPassword", "Required.");
        validator.Require(request.NewPassword is null || request.NewPassword != request.CurrentPassword, "newPassword", "Choose a password other than the current one.");
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        var proven = await SignInAtDoor.Handle(Door.Staff, request.Email, request.CurrentPassword, request.TwoFactorCode, users, factors);
        if (!proven.IsSuccess && proven.Error.Code is not (SignInAtDoor.MustChangeCode or SignInAtDoor.EnrolCode))
        {
            return proven.Error;
        }

        var user = proven.IsSuccess ? proven.Value : (await users.FindByEmailAsync(request.Email!))!;
        return await SetStaffPassword.Apply(user, request.NewPassword, mustChange: false, "newPassword", users, db, check, clock, ct);
    }
}
