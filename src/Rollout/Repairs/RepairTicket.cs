namespace Rollout.Repairs;

/// <summary>Where a repair ticket stands (docs/decisions/0012): opened, then the device received, diagnosed, an outcome, returned, closed.</summary>
public enum TicketStatus
{
    Opened,
    Received,
    Diagnosed,
    Repaired,
    Replaced,
    Refunded,
    Rejected,
    Returned,
    Closed,
}

/// <summary>Who opened a ticket.</summary>
public enum TicketOpener
{
    Customer,
    Partner,
    Staff,
}

/// <summary>One recorded step of a ticket: from, to, who, when, and what they wrote.</summary>
public sealed record TicketStep(TicketStatus From, TicketStatus To, string By, Instant At, string Note);

/// <summary>
/// A service centre of a market: where devices of that market (or of customers now living there) are repaired.
/// </summary>
public sealed class ServiceCentre
{
    private ServiceCentre()
    {
    }

    public Slug Code { get; private set; }

    public string Name { get; private set; } = "";

    public CountryCode Market { get; private set; }

    public string Address { get; private set; } = "";

    public string Email { get; private set; } = "";

    internal static ServiceCentre Create(Slug code, string name, CountryCode market, string address, string email) =>
        new() { Code = code, Name = name, Market = market, Address = address, Email = email };

    internal void Change(string name, string address, string email) => (Name, Address, Email) = (name, address, email);
}

/// <summary>A market's promise to repair customers: a first response (the device received) within hours, a resolution (the device back) within days.</summary>
public sealed class RepairTarget
{
    private RepairTarget()
    {
    }

    public CountryCode Market { get; private set; }

    public int RespondWithinHours { get; private set; }

    public int ResolveWithinDays { get; private set; }

    internal static RepairTarget Of(CountryCode market, int hours, int days) => new() { Market = market, RespondWithinHours = hours, ResolveWithinDays = days };

    internal void Change(int hours, int days) => (RespondWithinHours, ResolveWithinDays) = (hours, days);
}

/// <summary>
/// A repair ticket for one device: the problem, its files, the channel it came through, the centre that handles it,
/// whether the repair is free (the warranty on the day it opened), and every step with who, when and notes.
/// </summary>
public sealed class RepairTicket
{
    /// <summary>The steps a ticket may take; anything else is refused.</summary>
    public static readonly IReadOnlyDictionary<TicketStatus, TicketStatus[]> Moves = new Dictionary<TicketStatus, TicketStatus[]>
    {
        [TicketStatus.Opened] = [TicketStatus.Received],
        [TicketStatus.Received] = [TicketStatus.Diagnosed],
        [TicketStatus.Diagnosed] = [TicketStatus.Repaired, TicketStatus.Replaced, TicketStatus.Refunded, TicketStatus.Rejected],
        [TicketStatus.Repaired] = [TicketStatus.Returned],
        [TicketStatus.Replaced] = [TicketStatus.Returned],
        [TicketStatus.Rejected] = [TicketStatus.Returned],
        // A refunded device stays with the brand: nothing goes back to the customer, the ticket closes.
        [TicketStatus.Refunded] = [TicketStatus.Closed],
        [TicketStatus.Returned] = [TicketStatus.Closed],
        [TicketStatus.Closed] = [],
    };

    private RepairTicket()
    {
    }

    public Guid Id { get; private set; }

    public string Number { get; private set; } = "";

    public Guid DeviceId { get; private set; }

    /// <summary>The device's IMEI or serial when the ticket opened.</summary>
    public string DeviceIdentity { get; private set; } = "";

    /// <summary>The market of the centre: its targets apply.</summary>
    public CountryCode Market { get; private set; }

    public Slug Centre { get; private set; }

    public TicketOpener OpenedBy { get; private set; }

    /// <summary>Who opened it: a customer account id, a partner's channel code, or a staff member.</summary>
    public string Opener { get; private set; } = "";

    /// <summary>The device's owner: they follow the ticket in their account.</summary>
    public string? CustomerId { get; private set; }

    /// <summary>The partner that opened it for its customer, who follows it through the partner API.</summary>
    public Slug? Partner { get; private set; }

    /// <summary>How the ticket came in: web, store, partner, phone, email, api.</summary>
    public string Via { get; private set; } = "";

    public string Problem { get; private set; } = "";

    public List<Guid> Files { get; private set; } = [];

    public TicketStatus Status { get; private set; }

    /// <summary>Whether the repair is free: the warranty covered the device on the day the ticket opened.</summary>
    public bool Free { get; private set; }

    public string WarrantyRule { get; private set; } = "";

    public Instant OpenedAt { get; private set; }

    public Instant? RespondBy { get; private set; }

    public Instant? ResolveBy { get; private set; }

    public Instant? RespondedAt { get; private set; }

    public Instant? ResolvedAt { get; private set; }

    public Guid? ReplacementDevice { get; private set; }

    public List<TicketStep> Steps { get; private set; } = [];

    public int Version { get; private set; }

    public bool IsOpen => Status is not (TicketStatus.Closed or TicketStatus.Returned);

    internal static RepairTicket Open(TicketOpening opening, Instant now)
    {
        var id = Guid.CreateVersion7();
        return new RepairTicket
        {
            Id = id,
            Number = "RT-" + id.ToString("N")[^8..].ToUpperInvariant(),
            DeviceId = opening.Device,
            DeviceIdentity = opening.DeviceIdentity,
            Market = opening.Centre.Market,
            Centre = opening.Centre.Code,
            OpenedBy = opening.OpenedBy,
            Opener = opening.Opener,
            CustomerId = opening.Customer,
            Partner = opening.Partner,
            Via = opening.Via,
            Problem = opening.Problem,
            Status = TicketStatus.Opened,
            Free = opening.Free,
            WarrantyRule = opening.WarrantyRule,
            OpenedAt = now,
            RespondBy = opening.Target is { } t ? now + Duration.FromHours(t.RespondWithinHours) : null,
            ResolveBy = opening.Target is { } r ? now + Duration.FromDays(r.ResolveWithinDays) : null,
            Steps = [new TicketStep(TicketStatus.Opened, TicketStatus.Opened, opening.Opener, now, opening.Problem)],
        };
    }

    /// <summary>One step along <see cref="Moves"/>; any other is refused and nothing changes.</summary>
    public Result<RepairTicket> Move(TicketStatus to, string by, string note, Instant now)
    {
        if (!Moves[Status].Contains(to))
        {
            var allowed = Moves[Status];
            return Error.Conflict("ticket.transition", allowed.Length == 0
                ? $"Ticket {Number} is {Words(Status)}; it moves no further."
                : $"Ticket {Number} is {Words(Status)}; it can go to {string.Join(" or ", allowed.Select(Words))}, not {Words(to)}.");
        }

        Steps.Add(new TicketStep(Status, to, by, now, note));
        Status = to;
        RespondedAt ??= now;
        if (to is TicketStatus.Returned or TicketStatus.Closed)
        {
            ResolvedAt ??= now;
        }

        Version++;
        return this;
    }

    internal void ReplacedWith(Guid device) => ReplacementDevice = device;

    internal void Attach(Guid file)
    {
        Files.Add(file);
        Version++;
    }

    public static string Words(TicketStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>A state by its own name, in any case; not a number, not a list of flags.</summary>
    public static TicketStatus? Parse(string? name) =>
        Enum.GetValues<TicketStatus>().Cast<TicketStatus?>().FirstOrDefault(s => string.Equals(Words(s!.Value), name?.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>What a ticket opens with, once checked.</summary>
internal sealed record TicketOpening(
    Guid Device,
    string DeviceIdentity,
    ServiceCentre Centre,
    RepairTarget? Target,
    TicketOpener OpenedBy,
    string Opener,
    string? Customer,
    Slug? Partner,
    string Via,
    string Problem,
    bool Free,
    string WarrantyRule);
