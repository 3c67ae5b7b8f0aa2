using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Rollout.Identity;
using Rollout.Orders;
using Rollout.Server.Http;

namespace Rollout.Devices;

public static class DeviceEndpoints
{
    private static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    private static string Me(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier)!;

    /// <summary>
    /// A form's file as the domain takes it (null when none was sent). At most one byte over the limit is read, so a
    /// file too large is refused by its size without being held whole in memory.
    /// </summary>
    public static async Task<UploadedFile?> Read(IFormFile? file, CancellationToken ct)
    {
        if (file is null)
        {
            return null;
        }

        var content = new byte[Math.Min(file.Length, Attachment.MaxBytes + 1L)];
        await using var stream = file.OpenReadStream();
        await stream.ReadExactlyAsync(content, ct);
        return new UploadedFile(file.FileName, file.ContentType, content);
    }

    public static IResult Download(Result<Attachment> file) =>
        file.IsSuccess ? TypedResults.File(file.Value.Content, file.Value.ContentType, file.Value.Name) : file.Error.ToProblem();

    public static void MapDevices(this WebApplication app)
    {
        // Shipping and delivering an order make and start devices, so these two steps of an order are mapped here.
        var orders = app.MapGroup("/api/orders/{id:guid}").WithTags("Orders").RequireAuthorization(StaffAuthentication.Orders);
        orders.MapPost("/ship", async (Guid id, ShipOrderRequest request, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await OrderDevices.Ship(id, request, Actor(user), db, clock, ct)).ToOk())
            .WithName("ShipOrder").WithSummary("Ships an allocated order with its carrier, tracking number and every unit's IMEIs (phones) or serial (other devices); each unit becomes a device the buyer owns, its units leave the stock ledger and the buyer is e-mailed.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        orders.MapPost("/deliver", async (Guid id, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await OrderDevices.Deliver(id, Actor(user), db, clock, ct)).ToOk())
            .WithName("DeliverOrder").WithSummary("Records delivery: the devices' warranty starts, and in the EU the 14-day withdrawal window.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        app.MapGet("/api/warranty/{imei}", async (string imei, RolloutDb db, TimeProvider clock, CancellationToken ct) => (await GetDevices.Check(imei, db, clock, ct)).ToOk())
            .Limited(RateLimits.PublicLookups)
            .WithTags("Devices").AllowAnonymous().WithName("CheckWarranty")
            .WithSummary("Public warranty check by IMEI: the product, the market of sale, the status, the last day covered and the rule; nothing about the owner. Limited per client address (429 with Retry-After beyond it).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        var mine = app.MapGroup("/api/me/devices").WithTags("Customers").RequireAuthorization(StaffAuthentication.Customer);
        mine.MapGet("/", async (ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) => TypedResults.Ok(await GetDevices.Mine(Me(user), db, clock, ct)))
            .WithName("MyDevices").WithSummary("The signed-in customer's devices with their warranty today.");
        mine.MapGet("/{id:guid}", async (Guid id, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) => (await GetDevices.One(id, Me(user), db, clock, ct)).ToOk())
            .WithName("MyDevice").ProducesProblems(StatusCodes.Status404NotFound);
        mine.MapPost("/registrations", Register)
            .DisableAntiforgery().WithBodyLimit(RequestBodyLimits.Upload)
            .WithName("RegisterDevice").WithSummary("Registers a device bought elsewhere (form: imei, proof = a receipt photo or PDF up to 5 MiB whose content is what its type says); staff check the proof.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge);
        mine.MapGet("/registrations", async (ClaimsPrincipal user, RolloutDb db, CancellationToken ct) => TypedResults.Ok(await RegisterDevice.List(Me(user), db, ct)))
            .WithName("MyRegistrations").WithSummary("The signed-in customer's registrations and how staff decided.");

        var devices = app.MapGroup("/api/devices").WithTags("Devices").RequireAuthorization(StaffAuthentication.Support);
        devices.MapGet("/", async (string? q, RolloutDb db, TimeProvider clock, CancellationToken ct) => TypedResults.Ok(await GetDevices.Search(q, db, clock, ct)))
            .WithName("SearchDevices").WithSummary("Devices by IMEI (either SIM), serial or order id (?q=), newest first, with their warranty today.");
        devices.MapGet("/{id:guid}", async (Guid id, RolloutDb db, TimeProvider clock, CancellationToken ct) => (await GetDevices.One(id, null, db, clock, ct)).ToOk())
            .WithName("GetDevice").ProducesProblems(StatusCodes.Status404NotFound);

        var registrations = app.MapGroup("/api/device-registrations").WithTags("Devices").RequireAuthorization(StaffAuthentication.Support);
        registrations.MapGet("/", async (RolloutDb db, CancellationToken ct) => TypedResults.Ok(await RegisterDevice.List(null, db, ct)))
            .WithName("PendingRegistrations").WithSummary("Registrations waiting for a check of their proof, oldest first.");
        registrations.MapPost("/{id:guid}/decision", async (Guid id, DecideRegistrationRequest request, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await RegisterDevice.Decide(id, request, Actor(user), db, clock, ct)).ToOk())
            .WithName("DecideRegistration").WithSummary("Accepts a registration (the customer owns the device) or refuses it with a note.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        app.MapGet("/api/attachments/{id:guid}", async (Guid id, RolloutDb db, CancellationToken ct) => Download(await RegisterDevice.File(id, null, db, ct)))
            .WithTags("Devices").RequireAuthorization(StaffAuthentication.Support).WithName("GetAttachment").WithSummary("A stored file (a proof of purchase, a ticket's photo).");

        app.MapPut("/api/products/{code}/warranty-extension", async (string code, WarrantyExtensionRequest request, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await SetWarrantyExtension.Handle(code, request, Actor(user), db, clock, ct)).ToOk())
            .WithTags("Catalog").RequireAuthorization(StaffAuthentication.Catalog)
            .WithName("SetWarrantyExtension").WithSummary("The brand's own warranty on a product, in months on top of each market's law (0 removes it).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Created<RegistrationResponse>, ProblemHttpResult>> Register([FromForm] string? imei, IFormFile? proof, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
        (await RegisterDevice.Ask(Me(user), imei, await Read(proof, ct), db, clock, ct)).ToCreated(r => $"/api/me/devices/registrations");
}
