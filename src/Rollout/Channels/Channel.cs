namespace Rollout.Channels;

/// <summary>How a channel reaches buyers.</summary>
public enum ChannelKind
{
    /// <summary>The brand's official online store of one market.</summary>
    OnlineStore,
    /// <summary>A shop with an address and opening hours in one market.</summary>
    PhysicalStore,
    /// <summary>An organisation such as a mobile carrier that sells the brand's devices in its markets.</summary>
    Partner,
}

/// <summary>Where units are sold. A channel sells only in its markets.</summary>
public sealed class Channel
{
    private Channel()
    {
    }

    public Slug Code { get; private set; }

    public ChannelKind Kind { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>For a partner: the organisation behind it (e.g. "CK Hutchison Holdings").</summary>
    public string? Organisation { get; private set; }

    public List<CountryCode> Markets { get; private set; } = [];

    public StoreAddress? Address { get; private set; }

    public List<OpeningHours> OpeningHours { get; private set; } = [];

    public bool SellsIn(CountryCode market) => Markets.Contains(market);

    public static Result<Channel> Create(Slug code, ChannelKind kind, ChannelTerms terms)
    {
        var channel = new Channel { Code = code, Kind = kind };
        return channel.Change(terms);
    }

    public Result<Channel> Change(ChannelTerms terms)
    {
        var validator = new Validator();
        if (Kind is ChannelKind.OnlineStore or ChannelKind.PhysicalStore)
        {
            validator.Require(terms.Markets.Count == 1, "markets", $"A{(Kind == ChannelKind.OnlineStore ? "n online" : " physical")} store sells in exactly one market; partners may sell in several.");
        }
        else
        {
            validator.Require(terms.Markets.Count >= 1, "markets", "A partner sells in at least one market.");
            validator.Require(!string.IsNullOrWhiteSpace(terms.Organisation), "organisation", "A partner names the organisation behind it.");
        }

        if (Kind == ChannelKind.PhysicalStore)
        {
            validator.Require(terms.Address is not null, "address", "A physical store needs an address.");
            validator.Require(terms.OpeningHours.Count > 0, "openingHours", "A physical store needs its opening hours.");
        }
        else
        {
            validator.Require(terms.Address is null, "address", "Only a physical store has an address.");
            validator.Require(terms.OpeningHours.Count == 0, "openingHours", "Only a physical store has opening hours.");
        }

        if (validator.ToError() is { } error)
        {
            return error;
        }

        Name = terms.Name;
        Organisation = Kind == ChannelKind.Partner ? terms.Organisation : null;
        Markets = [.. terms.Markets.Distinct()];
        Address = terms.Address;
        OpeningHours = [.. terms.OpeningHours];
        return this;
    }
}

/// <summary>The validated, changeable terms of a channel.</summary>
public sealed record ChannelTerms(
    string Name,
    string? Organisation,
    IReadOnlyList<CountryCode> Markets,
    StoreAddress? Address,
    IReadOnlyList<OpeningHours> OpeningHours);

public sealed record StoreAddress(string Street, string PostalCode, string City);

/// <summary>One day's opening hours, in the store's local time; a day with no entry is closed.</summary>
public sealed record OpeningHours(IsoDayOfWeek Day, LocalTime Opens, LocalTime Closes);
