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
