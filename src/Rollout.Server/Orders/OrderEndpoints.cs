using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Rollout.Identity;
using Rollout.Server.Http;

namespace Rollout.Orders;

public static class OrderEndpoints
{
    private const string KeyHeader = "Idempotency-Key";

    private static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    /// <summary>The signed-in customer's account id; null for a guest (and for staff, who own no carts).</summary>
    public static string? CustomerOf(ClaimsPrincipal user) =>
        user.IsInRole(RolloutUser.CustomerRole) ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    /// <summary>Staff who may see any customer's order (see <see cref="StaffAuthentication.PersonalData"/>).</summary>
    private static bool SeesPersonalData(ClaimsPrincipal user) => user.IsInRole(StaffRoles.Admin) || user.IsInRole(StaffRoles.OrderManager) || user.IsInRole(StaffRoles.SupportAgent);

    public static void MapOrders(this WebApplication app)
    {
        MapCarts(app);
        MapPayments(app);

        var orders = app.MapGroup("/api/orders").WithTags("Orders");
        orders.MapPost("/", async (PlaceOrderRequest request, [FromHeader(Name = KeyHeader)] string? key, ClaimsPrincipal user, PaymentProviders payments, CartBook book, RolloutDb db, CancellationToken ct) =>
                (await PlaceOrder.Handle(request, key, CustomerOf(user), user.FindFirstValue(ClaimTypes.NameIdentifier), payments, book, db, ct)).ToCreated(o => $"/api/orders/{o.Id}"))
            .Limited(RateLimits.Holds) // It takes units as a cart's line does (until paid, or cancelled unpaid).
            .AllowAnonymous().WithName("PlaceOrder")
            .WithSummary("One-step checkout (guest, or the signed-in customer): sells the units now or answers sold out; never the same unit twice. Needs an Idempotency-Key header.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);

        orders.MapGet("/{id:guid}", async (Guid id, ClaimsPrincipal user, RolloutDb db, CancellationToken ct) =>
                (await GetOrders.One(id, SeesPersonalData(user) ? null : CustomerOf(user) ?? "", db, ct)).ToOk())
            .AllowAnonymous().WithName("GetOrder")
            .WithSummary("One order with its lines, shipping, payment and history: admins, order managers and support agents see any; a customer their own; a guest order is open to whoever has its id.")
            .ProducesProblems(StatusCodes.Status404NotFound);

        orders.MapPost("/{id:guid}/withdrawal", async (Guid id, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await ProgressOrder.RequestWithdrawal(id, CustomerOf(user), db, clock, ct)).ToOk())
            .AllowAnonymous().WithName("WithdrawFromOrder").WithSummary("The buyer withdraws from a delivered order (EU markets): accepted within 14 days of delivery, refused after.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        var manage = orders.MapGroup("/{id:guid}").RequireAuthorization(StaffAuthentication.Orders);
        manage.MapPost("/pay", async (Guid id, [FromHeader(Name = KeyHeader)] string? key, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await Idempotency.Run(db, $"pay:{id:N}", Idempotency.Caller(Actor(user), id), key, id, clock.Now(), claim => ProgressOrder.Pay(id, Actor(user), db, clock, ct, claim), ct)).ToOk())
            .WithName("ConfirmPayment").WithSummary("Confirms by hand that a placed order is paid (bank transfer, pay at store). Needs an Idempotency-Key header.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        manage.MapPost("/allocate", async (Guid id, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await ProgressOrder.Allocate(id, Actor(user), db, clock, ct)).ToOk())
            .WithName("AllocateOrder").WithSummary("Marks a paid order picked in the warehouse.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        manage.MapPost("/cancel", async (Guid id, CancelOrderRequest request, [FromHeader(Name = KeyHeader)] string? key, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await Idempotency.Run(db, $"cancel:{id:N}", Idempotency.Caller(Actor(user), request), key, request, clock.Now(), claim => ProgressOrder.Cancel(id, request, Actor(user), db, clock, ct, claim), ct)).ToOk())
            .WithName("CancelOrder").WithSummary("Cancels an order not yet shipped; its units go back on sale and a paid order is refunded in whole. Needs an Idempotency-Key header.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        manage.MapPost("/refunds", async (Guid id, RefundOrderRequest request, [FromHeader(Name = KeyHeader)] string? key, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await Idempotency.Run(db, $"refund:{id:N}", Idempotency.Caller(Actor(user), request), key, request, clock.Now(), claim => ProgressOrder.Refund(id, request, Actor(user), db, clock, ct, claim), ct)).ToOk())
            .WithName("RefundOrder").WithSummary("Records money given back, in whole or in part, up to what was paid. Needs an Idempotency-Key header.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);

        orders.MapGet("/", async (string? market, string? status, RolloutDb db, CancellationToken ct) => TypedResults.Ok(await GetOrders.Recent(market, status, db, ct)))
            .RequireAuthorization(StaffAuthentication.PersonalData)
            .WithName("ListOrders").WithSummary("The latest orders (admins, order managers, support agents: they carry customers' personal data), of one market with ?market= and one status with ?status=.");

        orders.MapGet("/counts", async (string? market, RolloutDb db, CancellationToken ct) => TypedResults.Ok(await GetOrders.Counts(market, db, ct)))
            .RequireAuthorization(StaffAuthentication.AnyStaff)
            .WithName("CountOrders").WithSummary("How many orders are in each state (staff), of one market with ?market=.");

        app.MapGet("/api/me/orders", async (ClaimsPrincipal user, RolloutDb db, CancellationToken ct) => TypedResults.Ok(await GetOrders.Mine(CustomerOf(user)!, db, ct)))
            .RequireAuthorization(StaffAuthentication.Customer).WithTags("Customers")
            .WithName("MyOrders").WithSummary("The signed-in customer's orders, newest first.");
        app.MapGet("/api/me/carts", async (ClaimsPrincipal user, CartBook book, DbOnDemand db, CancellationToken ct) => TypedResults.Ok(await OpenCart.OpenCarts(CustomerOf(user)!, book, db, ct)))
            .RequireAuthorization(StaffAuthentication.Customer).WithTags("Customers")
            .WithName("MyCarts").WithSummary("The signed-in customer's carts not yet checked out.");

        var shipping = app.MapGroup("/api/shipping-methods").WithTags("Orders");
        shipping.MapGet("/", async (string? market, RolloutDb db, CancellationToken ct) => (await ShippingMethods.Of(market, db, ct)).ToOk())
            .AllowAnonymous().WithName("ListShippingMethods").WithSummary("A market's shipping methods with their prices (?market=ES).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        shipping.MapPut("/{market}/{code}", async (string market, string code, SetShippingMethodRequest request, RolloutDb db, CancellationToken ct) =>
                (await ShippingMethods.Set(market, code, request, db, ct)).ToOk())
            .RequireAuthorization(StaffAuthentication.Orders)
            .WithName("SetShippingMethod").WithSummary("Creates or changes a shipping method of a market: name, delivery or pickup, price as shelf prices are shown there.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
    }

    private static void MapCarts(WebApplication app)
    {
        // A guest's cart id is the guest's key to it; a customer's cart opens to that customer only.
        var carts = app.MapGroup("/api/carts").WithTags("Orders");
        carts.MapPost("/", Open)
            .Limited(RateLimits.Carts)
            .AllowAnonymous().WithName("OpenCart").WithSummary("Opens a cart in a market and channel; signed in as a customer, the cart is theirs alone. Limited per customer, or per client address for guests (429 with Retry-After beyond it).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        carts.MapGet("/{id:guid}", async (Guid id, ClaimsPrincipal user, CartBook book, DbOnDemand db, CancellationToken ct) => (await OpenCart.Show(id, CustomerOf(user), book, db, ct)).ToOk())
            .AllowAnonymous().WithName("GetCart").WithSummary("A cart's lines at today's prices, whether their units are still held, its shipping and totals.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        carts.MapPut("/{id:guid}/lines", SetLine)
            .Limited(RateLimits.Holds)
            .AllowAnonymous().WithName("SetCartLine").WithSummary("Sets how many of a variant the cart wants (0 removes it) and holds the units for the market's hold time: at most Rollout:Limits:UnitsHeldPerCart units in a cart (400) and UnitsHeldPerAddress from one client address (409). Takes an Idempotency-Key header. Limited per customer, or per client address for guests (429 with Retry-After beyond it).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        carts.MapPut("/{id:guid}/address", async (Guid id, SetCartAddressRequest request, ClaimsPrincipal user, CartBook book, DbOnDemand db, CancellationToken ct) =>
                (await OpenCart.SetAddress(id, request, CustomerOf(user), book, db, ct)).ToOk())
            .AllowAnonymous().WithName("SetCartAddress").WithSummary("The buyer's e-mail and, for a delivery, the address, which must be in the cart's market ({\"email\"} alone suits a pickup).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        carts.MapPut("/{id:guid}/shipping", async (Guid id, SetCartShippingRequest request, ClaimsPrincipal user, CartBook book, DbOnDemand db, CancellationToken ct) =>
                (await OpenCart.SetShipping(id, request, CustomerOf(user), book, db, ct)).ToOk())
            .AllowAnonymous().WithName("SetCartShipping").WithSummary("Chooses one of the market's shipping methods; a pickup names a physical store of the market.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        carts.MapPost("/{id:guid}/checkout", async (Guid id, CheckoutCartRequest request, [FromHeader(Name = KeyHeader)] string? key, ClaimsPrincipal user, PaymentProviders payments, CartBook book, DbOnDemand db, CancellationToken ct) =>
                (await CheckoutCart.Handle(id, request, key, CustomerOf(user), payments, book, db, ct)).ToCreated(o => $"/api/orders/{o.Id}"))
            .AllowAnonymous().WithName("CheckoutCart").WithSummary("Turns the cart into an order at today's prices: its holds become sales. Needs an Idempotency-Key header.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<Results<Created<CartResponse>, ProblemHttpResult>> Open(OpenCartRequest request, ClaimsPrincipal user, CartBook book, DbOnDemand db, CancellationToken ct) =>
        (await OpenCart.Handle(request, CustomerOf(user), user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name, book, db, ct)).ToCreated(c => $"/api/carts/{c.Id}");

    private static async Task<Results<Ok<CartResponse>, ProblemHttpResult>> SetLine(
        Guid id, SetCartLineRequest request, [FromHeader(Name = KeyHeader)] string? key, HttpContext context, CartBook book, DbOnDemand db, CancellationToken ct) =>
        (await OpenCart.SetLine(id, request, key, CustomerOf(context.User), RateLimits.ClientAddress(context), book, db, ct)).ToOk();

    private static void MapPayments(WebApplication app)
    {
        var payments = app.MapGroup("/api/payments").WithTags("Payments");
        payments.MapGet("/providers", (PaymentProviders providers) =>
                TypedResults.Ok(providers.All.Select(p => new PaymentProviderResponse(p.Code, p.Name, p.ConfirmedBy == PaymentConfirmation.ByStaff ? "staff" : "webhook", p.PickupOnly)).ToList()))
            .AllowAnonymous().WithName("ListPaymentProviders").WithSummary("The ways to pay and who confirms each.");
        payments.MapPost("/{provider}/webhook", async (string provider, HttpRequest request, PaymentProviders providers, GroupCommit writer, AwaitingPayment awaiting, SellingDataSource selling, DbOnDemand db, TimeProvider clock, ILoggerFactory logs, CancellationToken ct) =>
            {
                // At most 64 KiB, whatever Content-Length claims (a chunked body has none).
                var buffer = new byte[65_537];
                var read = 0;
                int got;
                while (read < buffer.Length && (got = await request.Body.ReadAsync(buffer.AsMemory(read), ct)) > 0)
                {
                    read += got;
                }

                if (read > 65_536)
                {
                    return Error.Invalid("body", "webhook.too_large", "A callback body is at most 64 KiB.").ToProblem();
                }

                var body = System.Text.Encoding.UTF8.GetString(buffer, 0, read);
                var signature = request.Headers[SignedWebhookPayment.SignatureHeader].ToString();
                var result = await ReceivePaymentEvent.Handle(provider, signature, body, providers, writer, awaiting, selling, db, clock, logs.CreateLogger("Rollout.Payments"), ct);
                return result.IsSuccess ? (IResult)TypedResults.Ok(result.Value) : result.Error.ToProblem();
            })
            .AllowAnonymous().WithName("PaymentWebhook")
            .WithSummary("A payment provider's signed callback (Rollout-Signature: t=UNIX-SECONDS,v1=HEX(HMAC-SHA256(secret, \"t.body\")). Unsigned, wrongly signed or stale callbacks are refused and logged; the same event twice changes nothing.")
            .Accepts<PaymentEventRequest>("application/json")
            .Produces<PaymentEventResponse>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    public sealed record PaymentProviderResponse(string Code, string Name, string ConfirmedBy, bool PickupOnly);
}
