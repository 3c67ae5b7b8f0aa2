using Microsoft.AspNetCore.Mvc;
using Rollout.Devices;
using Rollout.Repairs;

namespace Rollout.Server.Pages.Storefront;

/// <summary>"Get help": the customer picks one of their devices, says what is wrong, may add a photo, and a repair ticket opens in this market's service centre.</summary>
[RequestSizeLimit(Http.RequestBodyLimits.Upload)] // A photo or receipt of up to 5 MiB, like the API.
public sealed class HelpModel(RolloutDb db, TimeProvider clock) : StorefrontPage(db, clock)
{
    public IReadOnlyList<DeviceResponse> Devices { get; private set; } = [];

    public Guid? Chosen { get; private set; }

    public string? Problem { get; private set; }

    public string? Described { get; private set; }

    public async Task<IActionResult> OnGet(string market, Guid? device, CancellationToken ct)
    {
        if (!await Open(market, ct))
        {
            return NotFound();
        }

        Chosen = device;
        return CustomerId is null ? Redirect($"{Home}/account") : Page();
    }

    public async Task<IActionResult> OnPost(string market, Guid? device, string? problem, IFormFile? photo, CancellationToken ct)
    {
        if (!await Open(market, ct))
        {
            return NotFound();
        }

        if (CustomerId is not { } customer)
        {
            return Redirect($"{Home}/account");
        }

        (Chosen, Described) = (device, problem);
        var viewer = new TicketViewer(customer, null);
        var upload = await DeviceEndpoints.Read(photo, ct);
        var opened = await Tickets.Open(new OpenTicketRequest(device, null, problem, Market: Market.Code), viewer, User.Identity?.Name ?? customer, Db, Clock, ct,
            upload is null ? null : [upload]);
        if (!opened.IsSuccess)
        {
            Problem = Explain(opened.Error);
            return Page();
        }

        return Redirect($"{Home}/tickets/{opened.Value.Id}");
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
        }

        return true;
    }
}
