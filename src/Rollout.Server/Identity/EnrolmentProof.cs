using Microsoft.AspNetCore.DataProtection;
using QRCoder;

namespace Rollout.Identity;

/// <summary>
/// Carries a proven password from the first page of enrolling an authenticator to the second (where the code is
/// typed), without keeping the password: the account id, encrypted and signed by the data-protection keys, for ten
/// minutes. Also draws the QR code an authenticator app scans, as inline SVG (no script, no image request).
/// </summary>
public sealed class EnrolmentProof(IDataProtectionProvider protection, TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    // The expiry is inside the payload and read against the injected clock (a time-limited protector reads the machine's).
    private IDataProtector Protector => protection.CreateProtector("Rollout.Identity.EnrolmentProof");

    public string For(RolloutUser user) => Protector.Protect($"{(clock.GetUtcNow() + Lifetime).ToUnixTimeSeconds()}:{user.Id}");

    /// <summary>The account id the proof was made for, or null when it is forged, from unknown keys, or older than ten minutes.</summary>
    public string? Read(string? proof)
    {
        if (string.IsNullOrEmpty(proof))
        {
            return null;
        }

        try
        {
            var parts = Protector.Unprotect(proof).Split(':', 2);
            return long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) > clock.GetUtcNow().ToUnixTimeSeconds() ? parts[1] : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    public static string QrSvg(string uri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(4);
    }
}
