using Microsoft.EntityFrameworkCore;
using Rollout.Channels;
using Rollout.Storage;

namespace Rollout.Partners;

public sealed record PartnerRequest(string? Channel, string? LegalName, string? Country, string? VatNumber, string? BillingEmail, string? Address);

public sealed record PartnerResponse(string Code, string Name, string LegalName, string Country, string? VatNumber, string BillingEmail, string Address, IReadOnlyList<string> Markets, int ActiveKeys);

public sealed record IssueKeyRequest(string? Name);

/// <summary>A key as staff see it later: never its secret.</summary>
public sealed record PartnerKeyResponse(string Id, string Partner, string Name, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, string? RevokedBy);

/// <summary>A key just issued: the one time its secret is shown.</summary>
public sealed record IssuedKeyResponse(string Id, string Partner, string Name, string Key, string Header, string Warning);

/// <summary>Partner organisations and their API keys.</summary>
public static class Partners
{
    /// <summary>Makes a partner channel a partner organisation, or changes its legal details.</summary>
    public static async Task<Result<PartnerResponse>> Save(PartnerRequest request, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator();
        var code = validator.Field("channel", Slug.Parse(request.Channel));
        var country = validator.Field("country", CountryCode.Parse(request.Country));
        validator.Require(!string.IsNullOrWhiteSpace(request.LegalName), "legalName", "Give the partner's legal name, as its invoices carry it.");
        validator.MaxLength("legalName", request.LegalName, 160);
        var vat = string.IsNullOrWhiteSpace(request.VatNumber) ? null : request.VatNumber.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        validator.Require(vat is null || System.Text.RegularExpressions.Regex.IsMatch(vat, "^[A-Z]{2}[A-Z0-9]{2,13}$"), "vatNumber", "A VAT number is its country prefix and 2-13 letters or digits (ESB12345678).");
        validator.Require(!string.IsNullOrWhiteSpace(request.Address), "address", "Give the partner's address, as its invoices carry it (EU VAT Directive, article 226).");
        validator.MaxLength("address", request.Address, 300);
        validator.Require(request.BillingEmail is not null && System.Net.Mail.MailAddress.TryCreate(request.BillingEmail, out _) && request.BillingEmail.Length <= 256, "billingEmail", "Give the e-mail address invoices go to.");
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        var channel = await db.Channels.AsNoTracking().FirstOrDefaultAsync(c => c.Code == code, ct);
        if (channel is null || channel.Kind != ChannelKind.Partner)
        {
            return Error.Invalid("channel", "partner.channel", $"'{code}' is not a partner channel; create the partner channel first (kind 'partner').");
        }

        var terms = new PartnerTerms(request.LegalName!.Trim(), country, vat, request.BillingEmail!, request.Address!.Trim());
        var partner = await db.Partners.FirstOrDefaultAsync(p => p.Code == code, ct);
        if (partner is null)
        {
            db.Partners.Add(Partner.Create(code, terms, clock.Now()));
        }
        else
        {
            partner.Change(terms);
        }

        await db.SaveChangesAsync(ct);
        return (await List(db, ct)).First(p => p.Code == code.Value);
    }

    public static async Task<IReadOnlyList<PartnerResponse>> List(RolloutDb db, CancellationToken ct)
    {
        var partners = await db.Partners.AsNoTracking().OrderBy(p => p.Code).ToListAsync(ct);
        var codes = partners.Select(p => p.Code).ToList();
        var channels = await db.Channels.AsNoTracking().Where(c => codes.Contains(c.Code)).ToDictionaryAsync(c => c.Code, ct);
        var keys = await db.PartnerKeys.AsNoTracking().Where(k => k.RevokedAt == null).GroupBy(k => k.Partner).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return [.. partners.Select(p => new PartnerResponse(p.Code.Value, channels[p.Code].Name, p.LegalName, p.Country.Value, p.VatNumber, p.BillingEmail, p.Address,
            [.. channels[p.Code].Markets.Select(m => m.Value)], keys.GetValueOrDefault(p.Code)))];
    }

    public static async Task<Result<IssuedKeyResponse>> IssueKey(string partner, IssueKeyRequest request, string by, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > 80)
        {
            return Error.Invalid("name", "partner_key.name", "Name the key (1-80 characters): what uses it, such as 'order system'.");
        }

        var found = await Find(partner, db, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var (key, secret) = PartnerKey.Issue(found.Value.Code, name, by, clock.Now());
        db.PartnerKeys.Add(key);
        await db.SaveChangesAsync(ct);
        var token = $"{key.Id}.{secret}";
        return new IssuedKeyResponse(key.Id, partner, name, token, $"Authorization: Partner {token}", "Store this key now: Rollout keeps only its hash and cannot show it again.");
    }

    public static async Task<Result<PartnerKeyResponse>> RevokeKey(string partner, string id, string by, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var key = await db.PartnerKeys.FirstOrDefaultAsync(k => k.Id == id, ct);
        if (key is null || key.Partner.Value != partner)
        {
            return Error.NotFound("partner_key.not_found", $"Partner '{partner}' has no key {id}.");
        }

        key.Revoke(by, clock.Now());
        await db.SaveChangesAsync(ct);
        return Describe(key);
    }

    public static async Task<Result<IReadOnlyList<PartnerKeyResponse>>> Keys(string partner, RolloutDb db, CancellationToken ct)
    {
        var found = await Find(partner, db, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var keys = await db.PartnerKeys.AsNoTracking().Where(k => k.Partner == found.Value.Code).OrderBy(k => k.CreatedAt).ToListAsync(ct);
        return keys.Select(Describe).ToList();
    }

    /// <summary>The partner a presented key (<c>{id}.{secret}</c>) belongs to; null for an unknown, wrong or revoked key.</summary>
    public static async Task<Slug?> Authenticate(string? presented, RolloutDb db, CancellationToken ct)
    {
        var dot = presented?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (dot <= 0 || presented!.Length > 200)
        {
            return null;
        }

        var id = presented[..dot];
        var key = await db.PartnerKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == id, ct);
        return key is not null && key.Opens(presented[(dot + 1)..]) ? key.Partner : null;
    }

    public static async Task<Result<Partner>> Find(string? partner, RolloutDb db, CancellationToken ct)
    {
        var code = Slug.Parse(partner);
        return code.IsSuccess && await db.Partners.AsNoTracking().FirstOrDefaultAsync(p => p.Code == code.Value, ct) is { } found
            ? found
            : Error.NotFound("partner.not_found", $"There is no partner '{partner}'.");
    }

    private static PartnerKeyResponse Describe(PartnerKey k) =>
        new(k.Id, k.Partner.Value, k.Name, k.CreatedBy, k.CreatedAt.ToDateTimeOffset(), k.RevokedAt?.ToDateTimeOffset(), k.RevokedBy);
}
