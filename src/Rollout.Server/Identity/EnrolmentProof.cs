using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using QRCoder;

namespace Rollout.Identity;

/// <summary>
/// Carries a proven password from the first page of enrolling an authenticator to the second (where the code is
/// typed), without keeping the password: the door, the account id and the key the first page showed, with an expiry
/// of ten minutes, encrypted and signed by the data-protection keys every server shares (a purpose per door, so a
/// customer's proof opens nothing in the console). The second page shows only the key inside the proof, and refuses
/// when the account's stored key is another (someone started again meanwhile) or a second factor is already on. Also
/// draws the QR code an authenticator app scans, as inline SVG (no script, no image request).
/// </summary>
public sealed class EnrolmentProof(IDataProtectionProvider protection, TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    // The expiry is inside the payload and read against the injected clock (a time-limited protector reads the machine's).
    private IDataProtector Protector(Door door) => protection.CreateProtector("Rollout.Identity.EnrolmentProof", door.ToString());

    /// <summary>A proof for the key just given to <paramref name="user"/> (as the setup shows it).</summary>
    public string For(Door door, RolloutUser user, AuthenticatorSetup setup) =>
        Protector(door).Protect($"{(clock.GetUtcNow() + Lifetime).ToUnixTimeSeconds()}|{user.Id}|{KeyOf(setup)}");

    /// <summary>The account and key a proof was made for at <paramref name="door"/>; null when it is forged, from another door or unknown keys, or older than ten minutes.</summary>
    public (string UserId, string Key)? Read(Door door, string? proof)
    {
        if (string.IsNullOrEmpty(proof))
        {
            return null;
        }

        try
        {
            var parts = Protector(door).Unprotect(proof).Split('|', 3);
            return long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) > clock.GetUtcNow().ToUnixTimeSeconds() ? (parts[1], parts[2]) : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    /// <summary>
    /// The account a proof still opens, with the key it showed: null when the proof does not read (see <see cref="Read"/>),
    /// names another account than <paramref name="signedIn"/> (when given), the account's stored key is another (someone
    /// started again), or a second factor is on already (finished elsewhere).
    /// </summary>
    public async Task<(RolloutUser User, string Key)?> Open(Door door, string? proof, UserManager<RolloutUser> users, string? signedIn = null)
    {
        if (Read(door, proof) is not { } proven || (signedIn is not null && proven.UserId != signedIn)
            || await users.FindByIdAsync(proven.UserId) is not { } user
            || user.TwoFactorEnabled || await users.GetAuthenticatorKeyAsync(user) != proven.Key)
        {
            return null;
        }

        return (user, proven.Key);
    }

    /// <summary>The key as Identity stores it (upper case, no spaces) from a setup as shown.</summary>
    public static string KeyOf(AuthenticatorSetup setup) => setup.SharedKey.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

    public static string QrSvg(string uri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(4);
    }
}
