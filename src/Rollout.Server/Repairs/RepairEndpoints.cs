using System.Security.Claims;
using Rollout.Devices;
using Rollout.Identity;
using Rollout.Server.Http;

namespace Rollout.Repairs;

public static class RepairEndpoints
{
    private static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    /// <summary>Staff see every ticket; a customer and a partner only their own.</summary>
    private static TicketViewer Viewer(ClaimsPrincipal user) =>
        StaffAuthentication.PartnerOf(user) is { } partner ? new TicketViewer(null, partner)
        : user.IsInRole(StaffRoles.Admin) || user.IsInRole(StaffRoles.SupportAgent) ? TicketViewer.Staff
        : new TicketViewer(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "-", null);

    public static void MapRepairs(this WebApplication app)
    {
        var tickets = app.MapGroup("/api/tickets").WithTags("Repairs");
        tickets.MapPost("/", async (OpenTicketRequest request, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await Tickets.Open(request, Viewer(user), Actor(user), db, clock, ct)).ToCreated(t => $"/api/tickets/{t.Id}"))
            .RequireAuthorization(StaffAuthentication.TicketOpeners)
            .WithName("OpenTicket").WithSummary("Opens a repair ticket for a device (its id or IMEI): a customer for their own, a partner for one it sold, support staff for any (saying how it came in). It goes to a service centre of the customer's market or the market of sale; whether it is free follows from the warranty today.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        tickets.MapGet("/{id:guid}", async (Guid id, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) => (await Tickets.One(id, Viewer(user), db, clock, ct)).ToOk())
            .RequireAuthorization(StaffAuthentication.TicketOpeners)
            .WithName("GetTicket").WithSummary("A ticket with its timeline: staff see any, a customer or partner their own.").ProducesProblems(StatusCodes.Status404NotFound);
        tickets.MapPost("/{id:guid}/files", AttachFile)
            .RequireAuthorization(StaffAuthentication.TicketOpeners).DisableAntiforgery().WithBodyLimit(RequestBodyLimits.Upload)
            .WithName("AttachToTicket").WithSummary("Adds a photo or document (JPEG, PNG, WebP, PDF, UTF-8 text; up to 5 MiB, 10 per ticket), whose content must be what its type says.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge);
        tickets.MapGet("/{id:guid}/files/{file:guid}", async (Guid id, Guid file, ClaimsPrincipal user, RolloutDb db, CancellationToken ct) =>
                DeviceEndpoints.Download(await Tickets.File(id, file, Viewer(user), db, ct)))
            .RequireAuthorization(StaffAuthentication.TicketOpeners).WithName("GetTicketFile");
        tickets.MapPost("/{id:guid}/steps", async (Guid id, MoveTicketRequest request, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await Tickets.Move(id, request, Actor(user), db, clock, ct)).ToOk())
            .RequireAuthorization(StaffAuthentication.Support)
            .WithName("MoveTicket").WithSummary("Moves a ticket one step: opened → received → diagnosed → repaired | replaced | refunded | rejected → returned → closed (refunded closes directly). Any other step is refused.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        tickets.MapGet("/", async (string? centre, string? status, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                status is null || status == "open" || RepairTicket.Parse(status) is not null
                    ? Results.Ok(await Tickets.List(Viewer(user), centre, status, db, clock, ct))
                    : Error.Invalid("status", "ticket.status", $"'{status}' is not a ticket state; use open, {string.Join(", ", Enum.GetValues<TicketStatus>().Select(RepairTicket.Words))}.").ToProblem())
            .RequireAuthorization(StaffAuthentication.TicketOpeners)
            .WithName("ListTickets").WithSummary("Tickets, newest first: staff see a centre's queue (?centre=, ?status=open|received|...); a customer or partner their own.");
        tickets.MapGet("/at-risk", async (RolloutDb db, TimeProvider clock, CancellationToken ct) => TypedResults.Ok(await Tickets.AtRisk(db, clock, ct)))
            .RequireAuthorization(StaffAuthentication.Support)
            .WithName("TicketsAtRisk").WithSummary("Unfinished tickets past or within the last fifth of their market's response or resolution target, soonest first.");

        var centres = app.MapGroup("/api/service-centres").WithTags("Repairs");
        centres.MapGet("/", async (ClaimsPrincipal user, RolloutDb db, CancellationToken ct) => TypedResults.Ok(await ServiceCentres.List(db, ct, withLoad: Viewer(user).IsStaff && user.Identity?.IsAuthenticated == true)))
            .AllowAnonymous().WithName("ListServiceCentres").WithSummary("Service centres per market with their addresses; support staff also see each one's open tickets.");
        centres.MapPost("/", async (ServiceCentreRequest request, RolloutDb db, CancellationToken ct) => (await ServiceCentres.Save(request, db, ct)).ToOk())
            .RequireAuthorization(StaffAuthentication.Support)
            .WithName("SaveServiceCentre").WithSummary("Creates a service centre of a market, or changes its name, address and e-mail.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
        app.MapGet("/api/repair-targets", async (RolloutDb db, CancellationToken ct) => TypedResults.Ok(await ServiceCentres.Targets(db, ct)))
            .WithTags("Repairs").AllowAnonymous().WithName("RepairTargets").WithSummary("Each market's response and resolution targets.");
        app.MapPut("/api/repair-targets/{market}", async (string market, RepairTargetRequest request, RolloutDb db, CancellationToken ct) =>
                (await ServiceCentres.SetTarget(market, request, db, ct)).ToOk())
            .WithTags("Repairs").RequireAuthorization(StaffAuthentication.Support)
            .WithName("SetRepairTarget").WithSummary("Sets a market's targets: respond (device received) within hours, resolve (device back) within days.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<TicketResponse>, ProblemHttpResult>> AttachFile(Guid id, IFormFile? file, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
        await DeviceEndpoints.Read(file, ct) is { } upload
            ? (await Tickets.Attach(id, upload, Viewer(user), Actor(user), db, clock, ct)).ToOk()
            : Error.Invalid("file", "ticket.file", "Send a file in the form field 'file'.").ToProblem();
}
