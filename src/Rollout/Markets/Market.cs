namespace Rollout.Markets;

/// <summary>Where a market stands at an instant: planned until it opens, live until it closes, then closed.</summary>
public enum MarketStatus
{
    Planned,
    Live,
    Closed,
}

/// <summary>A country the brand sells in, with the law and habits that govern selling there.</summary>
public sealed class Market
{
    private Market()
    {
    }

    public CountryCode Code { get; private set; }

    public string Name { get; private set; } = "";

    public CurrencyCode Currency { get; private set; }

    public VatRate VatRate { get; private set; }

    /// <summary>True where consumer law wants shelf prices to include the tax (EU, GB, HK); false in the US.</summary>
    public bool PricesIncludeTax { get; private set; }

    /// <summary>Locales in order of preference; the first is the storefront's language.</summary>
    public List<string> Locales { get; private set; } = [];

    public string TimeZone { get; private set; } = "";

    /// <summary>The legal guarantee a consumer has there, in months (0 where the law sets none).</summary>
    public int StatutoryWarrantyMonths { get; private set; }

    public CertificationRegime CertificationRegime { get; private set; }

    public Instant? OpensAt { get; private set; }

    public Instant? ClosedAt { get; private set; }

    public DateTimeZone Zone => DateTimeZoneProviders.Tzdb[TimeZone];

    public string Language => Locales.Count > 0 ? Locales[0].Split('-')[0] : "en";

    /// <summary>How the market writes numbers, money and dates: its first locale.</summary>
    public System.Globalization.CultureInfo Culture => System.Globalization.CultureInfo.GetCultureInfo(Locales.Count > 0 ? Locales[0] : "en");

    public static Market Create(MarketTerms terms, CountryCode code)
    {
        var market = new Market { Code = code };
        market.Change(terms);
        return market;
    }

    public void Change(MarketTerms terms)
    {
        Name = terms.Name;
        Currency = terms.Currency;
        VatRate = terms.VatRate;
        PricesIncludeTax = terms.PricesIncludeTax;
        Locales = [.. terms.Locales];
        TimeZone = terms.TimeZone.Id;
        StatutoryWarrantyMonths = terms.StatutoryWarrantyMonths;
        CertificationRegime = terms.CertificationRegime;
    }

    public MarketStatus StatusAt(Instant now) =>
        ClosedAt <= now ? MarketStatus.Closed
        : OpensAt <= now ? MarketStatus.Live
        : MarketStatus.Planned;

    public bool IsOpenAt(Instant now) => StatusAt(now) == MarketStatus.Live;

    /// <summary>
    /// Sets when a planned market opens: now or later, never in the past, since opening is final and a typo in the
    /// year would otherwise open a country at once. A market that already opened keeps its history.
    /// </summary>
    public Result<Market> ScheduleOpening(Instant opensAt, Instant now)
    {
        if (opensAt < now - Duration.FromMinutes(1))
        {
            return Error.Invalid("opensAt", "market.opening_past", $"{opensAt} is in the past; a market opens now or later.");
        }

        return SetOpening(opensAt, now);
    }

    /// <summary>Records when a market opened in the past, as a catalog file restoring a backup or a demo says.</summary>
    public Result<Market> RecordPastOpening(Instant openedAt, Instant now) =>
        openedAt <= now ? SetOpening(openedAt, now) : ScheduleOpening(openedAt, now);

    private Result<Market> SetOpening(Instant opensAt, Instant now)
    {
        var status = StatusAt(now);
        if (status != MarketStatus.Planned)
        {
            return Error.Conflict("market.not_planned", $"{Code} is {status.ToString().ToLowerInvariant()}; only a planned market can be given an opening time.");
        }

        OpensAt = opensAt;
        return this;
    }

    public Result<Market> Close(Instant now)
    {
        if (StatusAt(now) != MarketStatus.Live)
        {
            return Error.Conflict("market.not_live", $"{Code} is {StatusAt(now).ToString().ToLowerInvariant()}; only a live market can be closed.");
        }

        ClosedAt = now;
        return this;
    }
}

/// <summary>The validated, changeable terms of a market (everything but its code and lifecycle).</summary>
public sealed record MarketTerms(
    string Name,
    CurrencyCode Currency,
    VatRate VatRate,
    bool PricesIncludeTax,
    IReadOnlyList<string> Locales,
    DateTimeZone TimeZone,
    int StatutoryWarrantyMonths,
    CertificationRegime CertificationRegime);
