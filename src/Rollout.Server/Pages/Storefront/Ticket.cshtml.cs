using Microsoft.AspNetCore.Mvc;
using Rollout.Repairs;

namespace Rollout.Server.Pages.Storefront;

/// <summary>One of the customer's repair tickets: where it is, whether it is free, and its timeline.</summary>
public sealed class TicketModel(RolloutDb db, TimeProvider clock) : StorefrontPage(db, clock)
{
    public TicketResponse Ticket { get; private set; } = null!;

    public string CentreName { get; private set; } = "";

    public async Task<IActionResult> OnGet(string market, Guid id, CancellationToken ct)
    {
        if (!await Enter(market, ct))
        {
            return NotFound();
        }

        if (CustomerId is not { } customer)
        {
            return Redirect($"{Home}/account");
        }

        var ticket = await Tickets.One(id, new TicketViewer(customer, null), Db, Clock, ct);
        if (!ticket.IsSuccess)
        {
            return NotFound();
        }

        Ticket = ticket.Value;
        CentreName = (await ServiceCentres.List(Db, ct)).FirstOrDefault(c => c.Code == Ticket.Centre)?.Name ?? Ticket.Centre;
        return Page();
    }
}
