using Microsoft.AspNetCore.Identity;

namespace Rollout.Identity;

/// <summary>The e-mail address and the token of a confirmation link.</summary>
public sealed record ConfirmEmailRequest(string? Email, string? Token);

public sealed record EmailConfirmedResponse(string Email, bool EmailConfirmed);

/// <summary>
/// The link of <see cref="RequestEmailConfirmation"/> followed: the token is checked by Identity and the address
/// marked confirmed. Following it again changes nothing. A wrong, expired or foreign token (a staff account's, an
/// unknown address) gets one answer, so the page tells nobody which addresses have accounts.
/// </summary>
public static class ConfirmEmail
{
    public const string BadLinkCode = "customer.confirmation_link_invalid";

    public static async Task<Result<EmailConfirmedResponse>> Handle(ConfirmEmailRequest request, UserManager<RolloutUser> users)
    {
        var validator = new Validator();
        validator.Require(!string.IsNullOrWhiteSpace(request.Email), "email", "Required: the e-mail address the link was sent to.");
        validator.Require(!string.IsNullOrWhiteSpace(request.Token), "token", "Required: the token of the link.");
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        var user = await users.FindByEmailAsync(request.Email!);
        if (user is null || !await SignInAtDoor.IsAt(Door.Customer, user, users) || !(await users.ConfirmEmailAsync(user, request.Token!)).Succeeded)
        {
            return Error.Invalid("token", BadLinkCode, $"This confirmation link is wrong or has expired (links work for {AccountTokens.ConfirmationLifetime.TotalDays:0} days); ask for a new one from your account.");
        }

        return new EmailConfirmedResponse(user.Email!, true);
    }
}
