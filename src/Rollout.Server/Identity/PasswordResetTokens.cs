using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Rollout.Identity;

/// <summary>
/// Identity's data-protection tokens for password resets, with their own lifetime
/// (<see cref="AccountTokens.ResetLifetime"/>), shorter than an e-mail confirmation's; both embed the account's
/// security stamp, so a new password ends every token sent before it.
/// </summary>
public sealed class PasswordResetTokens(IDataProtectionProvider protection, IOptions<PasswordResetTokens.Lifetime> options, ILogger<DataProtectorTokenProvider<RolloutUser>> logger)
    : DataProtectorTokenProvider<RolloutUser>(protection, options, logger)
{
    /// <summary>The options of this provider: its name and lifetime.</summary>
    public sealed class Lifetime : DataProtectionTokenProviderOptions
    {
        public Lifetime()
        {
            Name = AccountTokens.ResetProvider;
            TokenLifespan = AccountTokens.ResetLifetime;
        }
    }

    /// <summary>E-mail confirmation tokens through Identity's default provider, password resets through this one.</summary>
    public static IdentityBuilder AddAccountTokens(IdentityBuilder identity)
    {
        identity.AddDefaultTokenProviders().AddTokenProvider<PasswordResetTokens>(AccountTokens.ResetProvider);
        identity.Services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = AccountTokens.ConfirmationLifetime);
        identity.Services.Configure<IdentityOptions>(o => o.Tokens.PasswordResetTokenProvider = AccountTokens.ResetProvider);
        return identity;
    }
}
