using Microsoft.AspNetCore.Mvc;
using Rollout.Devices;
using Rollout.Repairs;
using Rollout.Server.Http;

namespace Rollout.Server.Pages.Storefront;

/// <summary>
/// "My devices": the signed-in customer's devices with their warranty, their repairs, a device bought elsewhere added
/// with a proof of purchase; and for anyone, the public warranty check by IMEI.
/// </summary>
[RateLimited(RateLimits.PublicLookups)]
[RequestSizeLimit(Http.RequestBodyLimits.Upload)] // A photo or receipt of up to 5 MiB, like the API.
public sealed class DevicesModel(RolloutDb db, TimeProvider clock) : StorefrontPage(db, clock)
{
    public IReadOnlyList<DeviceResponse> Devices { get; private set; } = [];

    public IReadOnlyList<TicketResponse> Tickets { get; private set; } = [];

    public IReadOnlyList<RegistrationResponse> Registrations { get; private set; } = [];

    public WarrantyCheckResponse? Checked { get; private set; }

    public string? Problem { get; private set; }

    /// <summary>The IMEI asked about, kept in the box.</summary>
    public string? Asked { get; private set; }

    public async Task<IActionResult> OnGet(string market, string? imei, CancellationToken ct)
    {
        if (!await Open(market, ct))
        {
            return NotFound();
        }

        Asked = imei;
        if (!string.IsNullOrWhiteSpace(imei))
        {
            var result = await GetDevices.Check(imei, Db, Clock, ct);
            if (result.IsSuccess)
            {
                Checked = result.Value;
            }
            else
            {
                Problem = Explain(result.Error);
            }
        }

        return Page();
    }

    public async Task<IActionResult> OnPostRegister(string market, string? imei, IFormFile? proof, CancellationToken ct)
    {
        if (!await Open(market, ct))
        {
            return NotFound();
        }

        if (CustomerId is not { } customer)
        {
            return Redirect($"{Home}/account");
        }

        var asked = await RegisterDevice.Ask(customer, imei, await DeviceEndpoints.Read(proof, ct), Db, Clock, ct);
        if (!asked.IsSuccess)
        {
            Problem = Explain(asked.Error);
            return Page();
        }

        return Redirect($"{Home}/devices");
    }

    private async Task<bool> Open(string market, CancellationToken ct)
    {
        if (!await Enter(market, ct))
        {
            return false;
        }

        if (CustomerId is { } customer)
        {
            Devices = await GetDevices.Mine(customer, Db, Clock, ct);
            Tickets = await Repairs.Tickets.List(new TicketViewer(customer, null), null, null, Db, Clock, ct);
            Registrations = await RegisterDevice.List(customer, Db, ct);
        }

        return true;
    }
}
