using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rollout.Devices;
using Rollout.Identity;
using Rollout.Repairs;

namespace Rollout.Server.Pages.Admin;

/// <summary>One repair ticket for staff: the device and its warranty, the problem and files, the timeline, and the next steps.</summary>
[Authorize(Policy = StaffAuthentication.Support)]
public sealed class TicketModel(RolloutDb db, TimeProvider clock) : PageModel
{
    public TicketResponse Ticket { get; private set; } = null!;

    public DeviceResponse Device { get; private set; } = null!;

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGet(Guid id, CancellationToken ct) => await Load(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnGetFile(Guid id, Guid file, CancellationToken ct) =>
        await Tickets.File(id, file, TicketViewer.Staff, db, ct) is { IsSuccess: true } found ? File(found.Value.Content, found.Value.ContentType, found.Value.Name) : NotFound();

    public async Task<IActionResult> OnPostMove(Guid id, string? to, string? note, string? replacementSku, string? replacementImei, string? replacementSerial, CancellationToken ct)
    {
        var replacement = to == "replaced" ? new ShippedUnitRequest(replacementSku, replacementImei, null, replacementSerial) : null;
        var moved = await Tickets.Move(id, new MoveTicketRequest(to, note, replacement), User.Identity?.Name ?? "unknown", db, clock, ct);
        if (moved.IsSuccess)
        {
            return RedirectToPage(new { id });
        }

        Problem = moved.Error.Fields.Count == 0 ? moved.Error.Message : string.Join(" · ", moved.Error.Fields.SelectMany(f => f.Value.Select(r => $"{f.Key}: {r}")));
        return await Load(id, ct) ? Page() : NotFound();
    }

    private async Task<bool> Load(Guid id, CancellationToken ct)
    {
        var ticket = await Tickets.One(id, TicketViewer.Staff, db, clock, ct);
        if (!ticket.IsSuccess)
        {
            return false;
        }

        Ticket = ticket.Value;
        Device = (await GetDevices.One(Ticket.Device, null, db, clock, ct)).Value;
        return true;
    }
}
