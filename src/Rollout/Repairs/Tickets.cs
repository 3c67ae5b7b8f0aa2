using Microsoft.EntityFrameworkCore;
using Rollout.Catalog;
using Rollout.Devices;
using Rollout.Storage;

namespace Rollout.Repairs;

/// <summary>Who is looking at tickets: staff (both null), a customer, or a partner; each sees only their own.</summary>
public sealed record TicketViewer(string? Customer, Slug? Partner)
{
    public static readonly TicketViewer Staff = new(null, null);

    public bool IsStaff => Customer is null && Partner is null;
}

/// <summary>A ticket to open: the device (its id or IMEI), the problem, how it came in, and where the customer lives now.</summary>
public sealed record OpenTicketRequest(Guid? Device, string? Imei, string? Problem, string? Via = null, string? Market = null, string? Centre = null);

/// <summary>A ticket's next step: where to, a note, and for a replacement the unit given instead.</summary>
public sealed record MoveTicketRequest(string? To, string? Note, ShippedUnitRequest? Replacement = null);

/// <summary>A unit given as a replacement: its SKU (the same as the old one's if left out) and its IMEIs or serial.</summary>
public sealed record ShippedUnitRequest(string? Sku, string? Imei, string? Imei2, string? Serial);

public sealed record TicketStepResponse(string From, string To, string By, DateTimeOffset At, string Note);

public sealed record TicketResponse(
    Guid Id,
    string Number,
    Guid Device,
    string DeviceIdentity,
    string Market,
    string Centre,
    string OpenedBy,
    string Via,
    string Problem,
    IReadOnlyList<Guid> Files,
    string Status,
    IReadOnlyList<string> Next,
    bool Free,
    string WarrantyRule,
    DateTimeOffset OpenedAt,
    DateTimeOffset? RespondBy,
    DateTimeOffset? ResolveBy,
    string Deadline,
    Guid? ReplacementDevice,
    IReadOnlyList<TicketStepResponse> Steps);

/// <summary>
/// Repair tickets (docs/decisions/0012): opened by a device's owner, the partner that sold it, or staff; routed to a
/// service centre of the customer's current market or the market of sale; moved by staff along
/// <see cref="RepairTicket.Moves"/>, every step recorded.
/// </summary>
public static class Tickets
{
    private static readonly string[] StaffVias = ["store", "phone", "email", "web"];

    private const int MaxFiles = 10;

    /// <summary>Opens a ticket, with its photos or documents if any: all of it, or nothing when one part breaks a rule.</summary>
    public static async Task<Result<TicketResponse>> Open(OpenTicketRequest request, TicketViewer viewer, string by, RolloutDb db, TimeProvider clock, CancellationToken ct, IReadOnlyList<UploadedFile>? files = null)
    {
        var now = clock.Now();
        var validator = new Validator();
        var attachments = (files ?? []).Select(f => validator.Field("file", Attachment.Of("file", f.Name, f.ContentType, f.Content, viewer.Partner?.Value ?? viewer.Customer ?? by, now))).ToList();
        validator.Require(attachments.Count <= MaxFiles, "file", $"A ticket holds at most {MaxFiles} files.");
        var problem = request.Problem?.Trim() ?? "";
        validator.Require(problem.Length is >= 10 and <= 2000, "problem", "Describe the problem in 10 to 2,000 characters.");
        validator.Require(request.Device is not null || !string.IsNullOrWhiteSpace(request.Imei), "device", "Name the device: its id, or its IMEI in 'imei'.");
        var imei = string.IsNullOrWhiteSpace(request.Imei) ? (Imei?)null : validator.Field("imei", Imei.Parse(request.Imei));
        var via = viewer switch
        {
            { Partner: not null } => "partner",
            { Customer: not null } => "web",
            _ => request.Via?.Trim().ToLowerInvariant() ?? "",
        };
        validator.Require(!viewer.IsStaff || StaffVias.Contains(via), "via", $"Say how the ticket came in: {string.Join(", ", StaffVias)}.");
        validator.Require(request.Centre is null || viewer.IsStaff, "centre", "Only staff choose the service centre; give your current 'market' instead.");
        var current = string.IsNullOrWhiteSpace(request.Market) ? (CountryCode?)null : validator.Field("market", CountryCode.Parse(request.Market));
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        var device = request.Device is { } id
            ? await db.Devices.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct)
            : await GetDevices.Device(imei!.Value, db, ct);
        if (device is null || (viewer.Customer is { } customer && device.OwnerId != customer) || (viewer.Partner is { } partner && device.Channel != partner))
        {
            var which = imei is { } asked ? $"with IMEI {asked}" : $"{request.Device}";
            return Error.NotFound("device.not_found", $"No device {which} was shipped by the brand{(viewer.IsStaff ? "" : " to you")}.");
        }

        if (request.Device is not null && imei is { } named && !device.Imeis().Contains(named.Value))
        {
            return Error.Invalid("imei", "ticket.device_mismatch", $"Device {request.Device} is {device.Identity}, not {named}; give one or the other.");
        }

        if (device.ReplacedBy is { } replacement)
        {
            var successor = await db.Devices.AsNoTracking().Where(d => d.Id == replacement).Select(d => d.Imei ?? d.Serial).FirstAsync(ct);
            return Error.Conflict("ticket.device_replaced", $"{device.Identity} was replaced by {successor}; open the ticket for the replacement.");
        }

        if (device.RetiredAt is not null)
        {
            return Error.Conflict("ticket.device_refunded", $"{device.Identity} was refunded and taken back by the brand.");
        }

        if (await db.RepairTickets.AsNoTracking().Where(t => t.DeviceId == device.Id && t.Status != TicketStatus.Closed && t.Status != TicketStatus.Returned)
                .Select(t => t.Number).FirstOrDefaultAsync(ct) is { } open)
        {
            return Error.Conflict("ticket.already_open", $"Ticket {open} is already open for {device.Identity}.");
        }

        var centre = await Centre(request.Centre, current, device.Market, db, ct);
        if (!centre.IsSuccess)
        {
            return centre.Error;
        }

        var warranty = await GetDevices.WarrantyAt(device, now, db, ct);
        var target = await db.RepairTargets.AsNoTracking().FirstOrDefaultAsync(t => t.Market == centre.Value.Market, ct);
        var opener = viewer.Partner?.Value ?? by;
        var ticket = RepairTicket.Open(new TicketOpening(
            device.Id, device.Identity, centre.Value, target,
            viewer.Partner is not null ? TicketOpener.Partner : viewer.Customer is not null ? TicketOpener.Customer : TicketOpener.Staff,
            opener, device.OwnerId, viewer.Partner, via, problem, warranty.Status is "in_warranty" or "not_started", Terms(warranty)), now);
        foreach (var attachment in attachments)
        {
            db.Attachments.Add(attachment);
            ticket.Attach(attachment.Id);
        }

        db.RepairTickets.Add(ticket);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return Error.Conflict("ticket.already_open", $"A ticket was opened for {device.Identity} meanwhile.");
        }

        return Describe(ticket, viewer, now);
    }

    /// <summary>
    /// Moves a ticket one step. A step the machine does not allow is a 409 whatever else the request says; then the
    /// step's own needs (a note for a diagnosis, a rejection or a refund; the unit given for a replacement) are checked.
    /// </summary>
    public static async Task<Result<TicketResponse>> Move(Guid id, MoveTicketRequest request, string by, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        if (RepairTicket.Parse(request.To) is not { } step || step == TicketStatus.Opened)
        {
            return Error.Invalid("to", "ticket.step", "Say where the ticket goes: received, diagnosed, repaired, replaced, refunded, rejected, returned or closed.");
        }

        return await Transactions.Run<TicketResponse>(db, async () =>
        {
            var ticket = await db.RepairTickets.FirstOrDefaultAsync(t => t.Id == id, ct);
            if (ticket is null)
            {
                return Error.NotFound("ticket.not_found", $"There is no ticket {id}.");
            }

            var now = clock.Now();
            var note = request.Note?.Trim() ?? "";
            var moved = ticket.Move(step, by, note, now);
            if (!moved.IsSuccess)
            {
                return moved.Error;
            }

            var validator = new Validator();
            validator.Require(step is not (TicketStatus.Diagnosed or TicketStatus.Rejected or TicketStatus.Refunded) || note.Length >= 3, "note",
                "Write what was found (a diagnosis), or why it is rejected or refunded, in at least 3 characters; the customer reads it.");
            validator.MaxLength("note", note, 1000);
            validator.Require(step != TicketStatus.Replaced || request.Replacement is not null, "replacement", "Give the replacement unit's IMEI or serial.");
            if (validator.ToError() is { } invalid)
            {
                return invalid;
            }

            if (step == TicketStatus.Replaced && await Replace(ticket, request.Replacement!, db, now, ct) is { IsSuccess: false } replaced)
            {
                return replaced.Error;
            }

            if (step == TicketStatus.Refunded)
            {
                (await db.Devices.FirstAsync(d => d.Id == ticket.DeviceId, ct)).Refunded(now);
            }

            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return Error.Conflict("ticket.changed", $"Ticket {ticket.Number} was moved by someone else meanwhile; reload it.");
            }
            catch (DbUpdateException)
            {
                return Error.Conflict("ticket.replacement_taken", "The replacement's IMEI or serial became another device's meanwhile; give another unit.");
            }

            return Describe(ticket, TicketViewer.Staff, now);
        }, ct);
    }

    /// <summary>A file added to a ticket by whoever may see it.</summary>
    public static async Task<Result<TicketResponse>> Attach(Guid id, UploadedFile file, TicketViewer viewer, string by, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var ticket = await Find(id, viewer, db, tracked: true, ct);
        if (ticket is null)
        {
            return Error.NotFound("ticket.not_found", $"There is no ticket {id}{(viewer.IsStaff ? "" : " of yours")}.");
        }

        if (ticket.Files.Count >= MaxFiles)
        {
            return Error.Invalid("file", "ticket.files", $"A ticket holds at most {MaxFiles} files.");
        }

        var attachment = Attachment.Of("file", file.Name, file.ContentType, file.Content, viewer.Partner?.Value ?? viewer.Customer ?? by, clock.Now());
        if (!attachment.IsSuccess)
        {
            return attachment.Error;
        }

        db.Attachments.Add(attachment.Value);
        ticket.Attach(attachment.Value.Id);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Error.Conflict("ticket.changed", $"Ticket {ticket.Number} changed meanwhile; send the file again.");
        }

        return Describe(ticket, viewer, clock.Now());
    }

    public static async Task<Result<TicketResponse>> One(Guid id, TicketViewer viewer, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
        await Find(id, viewer, db, tracked: false, ct) is { } ticket
            ? Describe(ticket, viewer, clock.Now())
            : Error.NotFound("ticket.not_found", $"There is no ticket {id}{(viewer.IsStaff ? "" : " of yours")}.");

    /// <summary>A file of a ticket the viewer may see.</summary>
    public static async Task<Result<Attachment>> File(Guid id, Guid file, TicketViewer viewer, RolloutDb db, CancellationToken ct) =>
        await Find(id, viewer, db, tracked: false, ct) is { } ticket && ticket.Files.Contains(file) && await db.Attachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == file, ct) is { } found
            ? found
            : Error.NotFound("attachment.not_found", $"There is no file {file} on ticket {id}.");

    /// <summary>Tickets the viewer may see, newest first: staff filter by centre and status ("open" for every unfinished one).</summary>
    public static async Task<IReadOnlyList<TicketResponse>> List(TicketViewer viewer, string? centre, string? status, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var tickets = Visible(db.RepairTickets.AsNoTracking(), viewer);
        if (!string.IsNullOrWhiteSpace(centre) && Slug.Parse(centre) is { IsSuccess: true } code)
        {
            tickets = tickets.Where(t => t.Centre == code.Value);
        }

        if (status == "open")
        {
            tickets = tickets.Where(t => t.Status != TicketStatus.Closed && t.Status != TicketStatus.Returned);
        }
        else if (RepairTicket.Parse(status) is { } only)
        {
            tickets = tickets.Where(t => t.Status == only);
        }

        return [.. (await tickets.OrderByDescending(t => t.OpenedAt).Take(500).ToListAsync(ct)).Select(t => Describe(t, viewer, clock.Now()))];
    }

    /// <summary>Unfinished tickets past or near a deadline of their market's targets (the last fifth of the time), soonest first.</summary>
    public static async Task<IReadOnlyList<TicketResponse>> AtRisk(RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.Now();
        var open = await db.RepairTickets.AsNoTracking()
            .Where(t => t.Status != TicketStatus.Closed && t.Status != TicketStatus.Returned && (t.RespondBy != null || t.ResolveBy != null))
            .ToListAsync(ct);
        return [.. open.Select(t => (Ticket: t, Due: Due(t)))
            .Where(x => x.Due is { } due && Deadline(x.Ticket, now) != "on_time")
            .OrderBy(x => x.Due)
            .Select(x => Describe(x.Ticket, TicketViewer.Staff, now))];
    }

    /// <summary>
    /// Whether the repair is free, and why: in warranty on the day the ticket opened, or not yet delivered or sold to a
    /// customer (a unit faulty on arrival is still the brand's); paid otherwise.
    /// </summary>
    private static string Terms(WarrantyAnswer warranty) => warranty.Status switch
    {
        "in_warranty" => $"Free repair: in warranty on the day the ticket opened. {warranty.Rule}",
        "not_started" => "Free repair: the device had not reached a customer yet (faulty on arrival), so it is still the brand's.",
        _ => $"Paid repair: {warranty.Status.Replace('_', ' ')} on the day the ticket opened. {warranty.Rule}",
    };

    /// <summary>on_time, due_soon (the last fifth of the time left) or breached, for the deadline that comes first.</summary>
    public static string Deadline(RepairTicket ticket, Instant now)
    {
        if (!ticket.IsOpen || Due(ticket) is not { } due)
        {
            return "on_time";
        }

        var warning = (due - ticket.OpenedAt) / 5;
        return now > due ? "breached" : now >= due - warning ? "due_soon" : "on_time";
    }

    /// <summary>The deadline the ticket works to now: the response while it waits for one, then the resolution.</summary>
    private static Instant? Due(RepairTicket ticket) => ticket.RespondedAt is null && ticket.RespondBy is { } respond ? respond : ticket.ResolveBy;

    private static async Task<Result<Device>> Replace(RepairTicket ticket, ShippedUnitRequest unit, RolloutDb db, Instant now, CancellationToken ct)
    {
        var old = await db.Devices.FirstAsync(d => d.Id == ticket.DeviceId, ct);
        var validator = new Validator();
        var sku = string.IsNullOrWhiteSpace(unit.Sku) ? old.Sku : validator.Field("replacement.sku", Sku.Parse(unit.Sku));
        var variant = validator.IsValid ? await db.Variants.AsNoTracking().FirstOrDefaultAsync(v => v.Sku == sku, ct) : null;
        var product = variant is null ? null : await db.Products.AsNoTracking().FirstAsync(p => p.Code == variant.ProductCode, ct);
        validator.Require(!validator.IsValid || product is not null, "replacement.sku", $"There is no SKU '{unit.Sku}'.");
        var identity = product is null ? null : UnitIdentity.Read(product.Category, unit.Imei, unit.Imei2, unit.Serial, "replacement", validator);
        if (identity is not null)
        {
            await DeviceUnits.RefuseKnown([identity], "replacement", validator, db, ct);
        }

        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        var replacement = Device.Replacing(old, identity!, sku, product!.Code, now);
        DeviceUnits.Add([replacement], db);
        ticket.ReplacedWith(replacement.Id);
        return replacement;
    }

    private static async Task<Result<ServiceCentre>> Centre(string? chosen, CountryCode? current, CountryCode sold, RolloutDb db, CancellationToken ct)
    {
        if (chosen is not null)
        {
            var code = Slug.Parse(chosen);
            return code.IsSuccess && await db.ServiceCentres.AsNoTracking().FirstOrDefaultAsync(c => c.Code == code.Value, ct) is { } named
                ? named
                : Error.Invalid("centre", "ticket.centre", $"There is no service centre '{chosen}'.");
        }

        foreach (var market in new[] { current, sold }.OfType<CountryCode>())
        {
            if (await db.ServiceCentres.AsNoTracking().Where(c => c.Market == market).OrderBy(c => c.Code).FirstOrDefaultAsync(ct) is { } centre)
            {
                return centre;
            }
        }

        return Error.Invalid(current is null ? "device" : "market", "ticket.no_centre",
            $"No service centre serves {string.Join(" or ", new[] { current, sold }.OfType<CountryCode>().Distinct())} yet.");
    }

    private static async Task<RepairTicket?> Find(Guid id, TicketViewer viewer, RolloutDb db, bool tracked, CancellationToken ct)
    {
        var tickets = Visible(tracked ? db.RepairTickets : db.RepairTickets.AsNoTracking(), viewer);
        return await tickets.FirstOrDefaultAsync(t => t.Id == id, ct);
    }

    private static IQueryable<RepairTicket> Visible(IQueryable<RepairTicket> tickets, TicketViewer viewer) => viewer switch
    {
        { Partner: { } partner } => tickets.Where(t => t.Partner == partner),
        { Customer: { } customer } => tickets.Where(t => t.CustomerId == customer),
        _ => tickets,
    };

    public static TicketResponse Describe(RepairTicket t, TicketViewer viewer, Instant now) => new(
        t.Id, t.Number, t.DeviceId, t.DeviceIdentity, t.Market.Value, t.Centre.Value, t.OpenedBy.ToString().ToLowerInvariant(), t.Via, t.Problem, t.Files,
        RepairTicket.Words(t.Status), [.. RepairTicket.Moves[t.Status].Select(RepairTicket.Words)], t.Free, t.WarrantyRule, t.OpenedAt.ToDateTimeOffset(),
        t.RespondBy?.ToDateTimeOffset(), t.ResolveBy?.ToDateTimeOffset(), Deadline(t, now), t.ReplacementDevice,
        [.. t.Steps.Select(s => new TicketStepResponse(RepairTicket.Words(s.From), RepairTicket.Words(s.To), Who(s, t, viewer), s.At.ToDateTimeOffset(), s.Note))]);

    /// <summary>Staff see who did each step; a customer or partner sees themselves as "you" and the brand as "service centre".</summary>
    private static string Who(TicketStep step, RepairTicket ticket, TicketViewer viewer) =>
        viewer.IsStaff ? step.By
        : step.To == TicketStatus.Opened && ((ticket.OpenedBy == TicketOpener.Customer && viewer.Customer is not null) || (ticket.OpenedBy == TicketOpener.Partner && viewer.Partner is not null)) ? "you"
        : step.To == TicketStatus.Opened ? ticket.OpenedBy.ToString().ToLowerInvariant()
        : "service centre";
}
