using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rollout.Devices;
using Rollout.Identity;
using Rollout.Repairs;

namespace Rollout.Server.Pages.Admin;

/// <summary>
/// After-sales for staff: tickets about to breach their market's targets, each service centre's queue, devices found by
/// IMEI, serial or order, and registrations waiting for a check of their proof.
/// Support agents and admins only: the page shows customers' files and tickets.
/// </summary>
[Authorize(Policy = StaffAuthentication.Support)]
public sealed class SupportModel(RolloutDb db, TimeProvider clock) : PageModel
{
    public IReadOnlyList<TicketResponse> AtRisk { get; private set; } = [];

    public IReadOnlyList<ServiceCentreResponse> Centres { get; private set; } = [];

    public IReadOnlyList<TicketResponse> Queue { get; private set; } = [];

    public IReadOnlyList<DeviceResponse> Found { get; private set; } = [];

    public IReadOnlyList<RegistrationResponse> Registrations { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Centre { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public string? Problem { get; private set; }

    public async Task OnGet(CancellationToken ct) => await Load(ct);

    /// <summary>A registration's proof of purchase, for the staff member checking it.</summary>
    public async Task<IActionResult> OnGetProof(Guid id, CancellationToken ct) =>
        await RegisterDevice.File(id, null, db, ct) is { IsSuccess: true } file ? File(file.Value.Content, file.Value.ContentType, file.Value.Name) : NotFound();

    public async Task<IActionResult> OnPostDecide(Guid id, bool accept, string? note, CancellationToken ct)
    {
        if (await RegisterDevice.Decide(id, new DecideRegistrationRequest(accept, note), User.Identity?.Name ?? "unknown", db, clock, ct) is { IsSuccess: false } refused)
        {
            Problem = refused.Error.Message;
        }
        else
        {
            return RedirectToPage();
        }

        await Load(ct);
        return Page();
    }

    private async Task Load(CancellationToken ct)
    {
        AtRisk = await Tickets.AtRisk(db, clock, ct);
        Centres = await ServiceCentres.List(db, ct);
        Centre ??= Centres.OrderByDescending(c => c.OpenTickets).FirstOrDefault()?.Code;
        Queue = await Tickets.List(TicketViewer.Staff, Centre, "open", db, clock, ct);
        Found = string.IsNullOrWhiteSpace(Q) ? [] : await GetDevices.Search(Q, db, clock, ct);
        Registrations = await RegisterDevice.List(null, db, ct);
    }
}
