using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rollout.Devices;
using Rollout.Orders;
using Rollout.Repairs;
using Rollout.Storage;

using Rollout.Identity;

namespace Rollout.Privacy;

/// <summary>All Rollout keeps about a customer, as they download it (GDPR art. 15 and 20).</summary>
public sealed record CustomerDataResponse(
    CustomerResponse Account,
    IReadOnlyList<OrderResponse> Orders,
    IReadOnlyList<DeviceResponse> Devices,
    IReadOnlyList<RegistrationResponse> Registrations,
    IReadOnlyList<TicketResponse> Tickets,
    DateTimeOffset ExportedAt);

public sealed record ErasureResponse(int OrdersKept, int AddressesDeleted, int DevicesReleased, int MailsDeleted, DateTimeOffset ErasedAt);

/// <summary>
/// A customer's own data: everything Rollout keeps about them, to download; and erasure (GDPR art. 17). Erasure deletes
/// the account, its address book and its unsent and sent mails, releases its devices (their warranty
/// stays with the IMEI), deletes the proofs of purchase it uploaded, and keeps its orders as tax law requires with the
/// e-mail and postal address replaced.
/// </summary>
public static class CustomerData
{
    public static async Task<Result<CustomerDataResponse>> Export(string customerId, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var account = await Customers.Me(customerId, db, ct);
        if (!account.IsSuccess)
        {
            return account.Error;
        }

        var orders = await db.Orders.AsNoTracking().Where(o => o.CustomerId == customerId).OrderBy(o => o.PlacedAt).ToListAsync(ct);
        return new CustomerDataResponse(
            account.Value,
            [.. orders.Select(o => o.ToResponse())],
            await GetDevices.Mine(customerId, db, clock, ct),
            await RegisterDevice.List(customerId, db, ct),
            await Tickets.List(new TicketViewer(customerId, null), null, null, db, clock, ct),
            clock.GetUtcNow());
    }

    /// <summary>Erases the account of <paramref name="customerId"/>, who confirms with their password.</summary>
    public static async Task<Result<ErasureResponse>> Erase(string customerId, string? password, UserManager<RolloutUser> users, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        if (await users.FindByIdAsync(customerId) is not { } user || !await users.IsInRoleAsync(user, RolloutUser.CustomerRole))
        {
            return Error.NotFound("customer.not_found", "No such customer account.");
        }

        if (string.IsNullOrEmpty(password) || !await users.CheckPasswordAsync(user, password))
        {
            return Error.Invalid("password", "erasure.password", "Confirm the erasure with your account's password: nothing can be undone afterwards.");
        }

        var email = user.Email ?? "";
        var placeholder = $"erased-{Guid.NewGuid():N}@erased.invalid";
        return await Transactions.Run(db, async () =>
        {
            var orders = await db.Orders.Where(o => o.CustomerId == customerId).ToListAsync(ct);
            foreach (var order in orders)
            {
                order.Erase(placeholder);
            }

            await db.SaveChangesAsync(ct);
            var addresses = await db.CustomerAddresses.Where(a => a.CustomerId == customerId).ExecuteDeleteAsync(ct);
            var devices = await db.Devices.Where(d => d.OwnerId == customerId).ExecuteUpdateAsync(s => s.SetProperty(d => d.OwnerId, (string?)null), ct);
            var proofs = await db.DeviceRegistrations.Where(r => r.CustomerId == customerId).Select(r => r.Proof).ToListAsync(ct);
            await db.Attachments.Where(a => proofs.Contains(a.Id)).ExecuteDeleteAsync(ct);
            var mails = await db.OutboxMessages.Where(m => m.To == email).ExecuteDeleteAsync(ct);
            var deleted = await users.DeleteAsync(user);
            if (!deleted.Succeeded)
            {
                throw new InvalidOperationException($"The account could not be deleted: {string.Join("; ", deleted.Errors.Select(e => e.Description))}");
            }

            return Result<ErasureResponse>.Success(new ErasureResponse(orders.Count, addresses, devices, mails, clock.GetUtcNow()));
        }, ct);
    }
}
