using Rollout.Catalog;

namespace Rollout.Launches;

/// <summary>
/// A launch event: a market, the instant it starts (given as a wall-clock time in the market's zone: the France launch,
/// 22 May at 10:00 Paris), a venue and a description. Opening the event can open the market at that same instant.
/// Flash sales take place inside it (docs/decisions/0010-launches-plan.md).
/// </summary>
public sealed class LaunchEvent
{
    private LaunchEvent()
    {
    }

    public Slug Code { get; private set; }

    public CountryCode Market { get; private set; }

    public Instant StartsAt { get; private set; }

    public string Venue { get; private set; } = "";

    public string Description { get; private set; } = "";

    /// <summary>Whether the market opens when the event starts (it was scheduled to, when the event was created).</summary>
    public bool OpensMarket { get; private set; }

    public Instant CreatedAt { get; private set; }

    public static LaunchEvent Create(Slug code, CountryCode market, Instant startsAt, string venue, string description, bool opensMarket, Instant now) =>
        new() { Code = code, Market = market, StartsAt = startsAt, Venue = venue, Description = description, OpensMarket = opensMarket, CreatedAt = now };
}

/// <summary>
/// A flash sale inside a launch: units of one variant drawn from an allocation (a location's units ring-fenced for a
/// channel), a sale price under the honest-pricing cap, an opening and a closing instant, a limit per customer, an
/// optional registration deadline (only customers registered before it may claim), the time a winner has to pay, and
/// whether only customers who confirmed their e-mail address may take part (against throwaway accounts).
/// </summary>
public sealed class FlashSale
{
    private FlashSale()
    {
    }

    public Slug Code { get; private set; }

    public Slug Launch { get; private set; }

    public Sku Sku { get; private set; }

    public Slug Location { get; private set; }

    public Slug Channel { get; private set; }

    public int Units { get; private set; }

    public long PriceMinorUnits { get; private set; }

    public CurrencyCode Currency { get; private set; }

    public Instant OpensAt { get; private set; }

    public Instant ClosesAt { get; private set; }

    public int PerCustomerLimit { get; private set; }

    public Instant? RegistrationDeadline { get; private set; }

    public int HoldMinutes { get; private set; }

    /// <summary>Only customers who confirmed their e-mail address may register, wait or claim (checked where they enter the sale).</summary>
    public bool RequiresConfirmedEmail { get; private set; }

    public Instant CreatedAt { get; private set; }

    /// <summary>
    /// Units out of the sale's common pool, held in its allocation: in servers' leased blocks (<see cref="SaleLease"/>)
    /// or in won claims not expired. Never more than <see cref="Units"/>, in the database too (the escrow's rule).
    /// </summary>
    public int Leased { get; private set; }

    /// <summary>The epoch of the last block leased from the sale (each lease gets the next one; it fences its writes).</summary>
    public long LeaseEpoch { get; private set; }

    /// <summary>
    /// The secret drawn from a cryptographic generator at the opening that orders the customers who joined the waiting
    /// room before it (hex); null until the opening. Stored, so a restart draws the same order.
    /// </summary>
    public string? ShuffleSeed { get; private set; }

    /// <summary>How far the waiting room has admitted (a place number); it only grows, and is kept across restarts.</summary>
    public long Admitted { get; private set; }

    /// <summary>
    /// The last place in the waiting room given out (several servers: each leases places from it in small blocks, so
    /// places come from one counter; a place a server leased and did not give is skipped, and admission moves past it).
    /// </summary>
    public long Places { get; private set; }

    public static FlashSale Create(Slug code, LaunchEvent launch, Sku sku, Slug location, Slug channel, int units, Money price, (Instant Opens, Instant Closes) window, int limit, Instant? registrationDeadline, int holdMinutes, bool requiresConfirmedEmail, Instant now) =>
        new()
        {
            Code = code,
            Launch = launch.Code,
            Sku = sku,
            Location = location,
            Channel = channel,
            Units = units,
            PriceMinorUnits = price.MinorUnits,
            Currency = price.Currency,
            OpensAt = window.Opens,
            ClosesAt = window.Closes,
            PerCustomerLimit = limit,
            RegistrationDeadline = registrationDeadline,
            HoldMinutes = holdMinutes,
            RequiresConfirmedEmail = requiresConfirmedEmail,
            CreatedAt = now,
        };
}
