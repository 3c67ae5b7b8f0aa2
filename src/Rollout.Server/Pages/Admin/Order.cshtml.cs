using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Rollout.Identity;
using Rollout.Mail;
using Rollout.Orders;

namespace Rollout.Server.Pages.Admin;

/// <summary>One order for staff: lines, shipping, payment, refunds, every state change with who and when, and the next steps.</summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = StaffAuthentication.PersonalData)]
public sealed class OrderModel(RolloutDb db, TimeProvider clock, IAuthorizationService authorization) : PageModel
{
    public OrderResponse Order { get; private set; } = null!;

    public string? Problem { get; private set; }

    /// <summary>The e-mails this order has sent or is sending, for staff answering "did I get the confirmation?".</summary>
    public IReadOnlyList<OutboxMessage> Mails { get; private set; } = [];

    /// <summary>The lines whose units are scanned at shipping (devices, not accessories).</summary>
    public IReadOnlyList<ScannedUnits.Line> Tracked { get; private set; } = [];

    /// <summary>The idempotency key the page's money forms carry, so a double submit confirms, cancels or refunds once.</summary>
    public string Key { get; private set; } = Guid.NewGuid().ToString("N");

    public async Task<IActionResult> OnGet(Guid id, CancellationToken ct) => await Load(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostPay(Guid id, string? key, CancellationToken ct) =>
        Act(id, by => Idempotency.Run(db, $"pay:{id:N}", Idempotency.Caller(by, id), key, id, clock.Now(), claim => ProgressOrder.Pay(id, by, db, clock, ct, claim), ct), ct);

    public Task<IActionResult> OnPostAllocate(Guid id, CancellationToken ct) => Act(id, by => ProgressOrder.Allocate(id, by, db, clock, ct), ct);

    /// <summary>Each tracked unit's SKU with what staff scanned (see <see cref="ScannedUnits"/>).</summary>
    public Task<IActionResult> OnPostShip(Guid id, string? carrier, string? trackingNumber, string[] sku, string[] identity, string[] imei2, CancellationToken ct) =>
        Act(id, by => Devices.OrderDevices.Ship(id, new ShipOrderRequest(carrier, trackingNumber, ScannedUnits.From(sku, identity, imei2)), by, db, clock, ct), ct);

    public Task<IActionResult> OnPostDeliver(Guid id, CancellationToken ct) => Act(id, by => Devices.OrderDevices.Deliver(id, by, db, clock, ct), ct);

    public Task<IActionResult> OnPostCancel(Guid id, string? reason, string? key, CancellationToken ct)
    {
        var request = new CancelOrderRequest(reason);
        return Act(id, by => Idempotency.Run(db, $"cancel:{id:N}", Idempotency.Caller(by, request), key, request, clock.Now(), claim => ProgressOrder.Cancel(id, request, by, db, clock, ct, claim), ct), ct);
    }

    /// <summary>The amount is read as the form sends it (a dot for decimals), whatever the server's culture.</summary>
    public Task<IActionResult> OnPostRefund(Guid id, string? amount, string? reason, string? key, CancellationToken ct)
    {
        var request = new RefundOrderRequest(decimal.TryParse(amount, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : null, reason);
        return Act(id, by => Idempotency.Run(db, $"refund:{id:N}", Idempotency.Caller(by, request), key, request, clock.Now(), claim => ProgressOrder.Refund(id, request, by, db, clock, ct, claim), ct), ct);
    }

    private async Task<IActionResult> Act(Guid id, Func<string, Task<Result<OrderResponse>>> step, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, StaffAuthentication.Orders)).Succeeded)
        {
            Problem = $"Your role may not do this; it needs {StaffAuthentication.Describe(StaffAuthentication.Orders)}.";
        }
        else
        {
            var done = await step(User.Identity?.Name ?? "unknown");
            if (done.IsSuccess)
            {
                return RedirectToPage(new { id });
            }

            Problem = done.Error.Fields.Count == 0 ? done.Error.Message : string.Join(" · ", done.Error.Fields.SelectMany(f => f.Value.Select(r => $"{f.Key}: {r}")));
        }

        return await Load(id, ct) ? Page() : NotFound();
    }

    private async Task<bool> Load(Guid id, CancellationToken ct)
    {
        var order = await GetOrders.One(id, viewer: null, db, ct);
        if (order.IsSuccess)
        {
            Order = order.Value;
            var topic = order.Value.Number;
            Mails = await db.OutboxMessages.AsNoTracking().Where(m => m.Topic == topic).OrderBy(m => m.Id).ToListAsync(ct);
            Tracked = await ScannedUnits.Tracked(order.Value.Lines.Select(l => (l.Sku, l.Quantity)), db, ct);
        }

        return order.IsSuccess;
    }
}
