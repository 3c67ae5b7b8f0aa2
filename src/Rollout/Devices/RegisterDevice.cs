using Microsoft.EntityFrameworkCore;
using Rollout.Storage;

namespace Rollout.Devices;

/// <summary>A file as it arrives: its name, type and bytes.</summary>
public sealed record UploadedFile(string? Name, string? ContentType, byte[] Content);

/// <summary>A registration as the customer and staff see it.</summary>
public sealed record RegistrationResponse(Guid Id, Guid Device, string Imei, string Customer, Guid Proof, string Status, DateTimeOffset At, string? DecidedBy, DateTimeOffset? DecidedAt, string? Note);

/// <summary>Staff's decision on a registration: accept (the customer owns the device) or refuse, with a note.</summary>
public sealed record DecideRegistrationRequest(bool? Accept, string? Note);

/// <summary>
/// Customers own the devices of their orders from the moment they ship; a device bought elsewhere (from a carrier, a
/// second-hand sale) they register by its IMEI with a proof of purchase, which staff accept or refuse.
/// </summary>
public static class RegisterDevice
{
    public static async Task<Result<RegistrationResponse>> Ask(string customer, string? imei, UploadedFile? proof, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.Now();
        var validator = new Validator();
        var parsed = validator.Field("imei", Imei.Parse(imei));
        var file = proof is null
            ? Error.Invalid("proof", "registration.proof", "Attach a proof of purchase (a receipt or an invoice: a photo or a PDF).")
            : Attachment.Of("proof", proof.Name, proof.ContentType, proof.Content, customer, now);
        validator.Field("proof", file);
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        var device = await GetDevices.Device(parsed, db, ct);
        if (device is null)
        {
            return Error.Invalid("imei", "device.unknown_imei", $"No device shipped by the brand has IMEI {parsed}; check the number under Settings > About phone, or dial *#06#.");
        }

        if (device.OwnerId == customer)
        {
            return Error.Conflict("registration.already_yours", $"The device {parsed} is already registered to you.");
        }

        if (await db.DeviceRegistrations.AnyAsync(r => r.DeviceId == device.Id && r.CustomerId == customer && r.Status == RegistrationStatus.Pending, ct))
        {
            return Error.Conflict("registration.pending", $"Your registration of {parsed} is waiting for a check already.");
        }

        db.Attachments.Add(file.Value);
        var registration = DeviceRegistration.Ask(device.Id, customer, file.Value.Id, now);
        db.DeviceRegistrations.Add(registration);
        await db.SaveChangesAsync(ct);
        return Describe(registration, device);
    }

    public static async Task<Result<RegistrationResponse>> Decide(Guid id, DecideRegistrationRequest request, string by, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator();
        validator.Require(request.Accept is not null, "accept", "Say whether the proof is accepted (true) or refused (false).");
        validator.Require(request.Accept != false || !string.IsNullOrWhiteSpace(request.Note), "note", "Say why a registration is refused; the customer reads it.");
        validator.MaxLength("note", request.Note, 400);
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        var registration = await db.DeviceRegistrations.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (registration is null)
        {
            return Error.NotFound("registration.not_found", $"There is no registration {id}.");
        }

        var decided = registration.Decide(request.Accept!.Value, by, request.Note?.Trim(), clock.Now());
        if (!decided.IsSuccess)
        {
            return decided.Error;
        }

        var device = await db.Devices.FirstAsync(d => d.Id == registration.DeviceId, ct);
        if (request.Accept == true)
        {
            device.OwnedBy(registration.CustomerId);
            // One owner: the other customers' claims on the device are refused with it.
            foreach (var other in await db.DeviceRegistrations.Where(r => r.DeviceId == device.Id && r.Id != registration.Id && r.Status == RegistrationStatus.Pending).ToListAsync(ct))
            {
                other.Decide(false, by, "Another customer's proof of purchase for this device was accepted.", clock.Now());
            }
        }

        await db.SaveChangesAsync(ct);
        return Describe(registration, device);
    }

    /// <summary>Registrations: a customer's own, or for staff every one waiting (customer null, pending only).</summary>
    public static async Task<IReadOnlyList<RegistrationResponse>> List(string? customer, RolloutDb db, CancellationToken ct)
    {
        var rows = await db.DeviceRegistrations.AsNoTracking()
            .Where(r => customer == null ? r.Status == RegistrationStatus.Pending : r.CustomerId == customer)
            .Join(db.Devices.AsNoTracking(), r => r.DeviceId, d => d.Id, (r, d) => new { r, d })
            .OrderBy(x => x.r.At).Take(200).ToListAsync(ct);
        return [.. rows.Select(x => Describe(x.r, x.d))];
    }

    /// <summary>A stored file, to staff or to whoever gave it.</summary>
    public static async Task<Result<Attachment>> File(Guid id, string? viewer, RolloutDb db, CancellationToken ct) =>
        await db.Attachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && (viewer == null || a.UploadedBy == viewer), ct) is { } file
            ? file
            : Error.NotFound("attachment.not_found", $"There is no file {id}{(viewer is null ? "" : " of yours")}.");

    private static RegistrationResponse Describe(DeviceRegistration r, Device d) =>
        new(r.Id, d.Id, d.Identity, r.CustomerId, r.Proof, r.Status.ToString().ToLowerInvariant(), r.At.ToDateTimeOffset(), r.DecidedBy, r.DecidedAt?.ToDateTimeOffset(), r.Note);
}

/// <summary>The brand's extra warranty on a product, in months (0 removes it), on top of each market's law.</summary>
public sealed record WarrantyExtensionRequest(int? Months);

public static class SetWarrantyExtension
{
    public static async Task<Result<WarrantyExtensionRequest>> Handle(string product, WarrantyExtensionRequest request, string by, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        if (request.Months is not (>= 0 and <= 60))
        {
            return Error.Invalid("months", "warranty.extension_months", "A brand extension is 0 to 60 months.");
        }

        var code = Slug.Parse(product);
        if (!code.IsSuccess || !await db.Products.AnyAsync(p => p.Code == code.Value, ct))
        {
            return Error.NotFound("product.not_found", $"There is no product '{product}'.");
        }

        var existing = await db.WarrantyExtensions.FirstOrDefaultAsync(e => e.Product == code.Value, ct);
        if (existing is null)
        {
            db.WarrantyExtensions.Add(WarrantyExtension.Of(code.Value, request.Months.Value, by, clock.Now()));
        }
        else
        {
            existing.Change(request.Months.Value, by, clock.Now());
        }

        await db.SaveChangesAsync(ct);
        return request;
    }
}
