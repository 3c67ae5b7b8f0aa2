using System.Text;
using Microsoft.AspNetCore.Identity;

namespace Rollout.Identity;

public sealed record SecondFactorRequest(string? Email, string? Password, string? Code);

/// <summary>What an authenticator app needs: the shared key to type, and the <c>otpauth://</c> address its QR code holds.</summary>
public sealed record AuthenticatorSetup(string SharedKey, string AuthenticatorUri);

/// <summary>
/// The first step of turning on a second factor: a new authenticator key for the account, proven by its password at
/// its own door. Nothing changes at sign-in until <see cref="ConfirmAuthenticator"/> sees a code made from this key.
/// An account that already has one must turn it off first, so a stolen password cannot replace the victim's key.
/// </summary>
public static class StartAuthenticator
{
    public const string Issuer = "Rollout";

    private static readonly Error AlreadyOn =
        Error.Conflict("auth.second_factor_on", "A second factor is already on for this account; turn it off first (with a current code) to enrol another authenticator.");

    public static async Task<Result<AuthenticatorSetup>> Handle(Door door, SecondFactorRequest request, UserManager<RolloutUser> users, SecondFactorSettings factors)
    {
        var proven = await Prove(door, request.Email, request.Password, users, factors);
        if (!proven.IsSuccess)
        {
            // The password was right and the account asks for its code: a second factor is on already.
            return proven.Error.Code == SignInAtDoor.CodeRequiredCode ? AlreadyOn : proven.Error;
        }

        var user = proven.Value;

        await users.ResetAuthenticatorKeyAsync(user);
        return For(user, (await users.GetAuthenticatorKeyAsync(user))!);
    }

    /// <summary>
    /// The password at the account's door. A second factor the account's role requires but that is not set up yet is
    /// no refusal here: this is where it gets set up.
    /// </summary>
    internal static async Task<Result<RolloutUser>> Prove(Door door, string? email, string? password, UserManager<RolloutUser> users, SecondFactorSettings factors)
    {
        var proven = await SignInAtDoor.Handle(door, email, password, null, users, factors);
        return proven.IsSuccess || proven.Error.Code != SignInAtDoor.EnrolCode ? proven : (await users.FindByEmailAsync(email!))!;
    }

    /// <summary>The setup an app needs for a key: grouped for typing, and as an otpauth:// address.</summary>
    public static AuthenticatorSetup For(RolloutUser user, string key)
    {
        var grouped = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            grouped.Append(grouped.Length == 0 ? "" : " ").Append(key.AsSpan(i, Math.Min(4, key.Length - i)));
        }

        var label = Uri.EscapeDataString($"{Issuer}:{user.Email}");
        return new AuthenticatorSetup(grouped.ToString().ToLowerInvariant(), $"otpauth://totp/{label}?secret={key}&issuer={Issuer}&digits=6");
    }
}
