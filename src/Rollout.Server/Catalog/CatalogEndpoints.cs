using Rollout.Identity;
using Rollout.Server.Http;

namespace Rollout.Catalog;

public static class CatalogEndpoints
{
    public static void MapCatalog(this WebApplication app)
    {
        app.MapGet("/api/catalog/{market}", async (string market, string? channel, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await GetCatalog.Handle(market, channel, db, clock, ct)).ToOk())
            .WithTags("Catalog").AllowAnonymous().WithName("GetCatalog")
            .WithSummary("What a market sells right now through a channel (its online store unless ?channel= names another). Empty before the market opens.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        // Staff reads: they show unreleased products, certificates and scheduled launches.
        var products = app.MapGroup("/api/products").WithTags("Catalog").RequireAuthorization(StaffAuthentication.AnyStaff);
        products.MapGet("/", async (RolloutDb db, CancellationToken ct) => TypedResults.Ok(await GetProducts.All(db, ct)))
            .WithName("ListProducts").WithSummary("Every product with its variants and certifications, listed or not.");
        products.MapGet("/{code}", async (string code, RolloutDb db, CancellationToken ct) => (await GetProducts.One(code, db, ct)).ToOk())
            .WithName("GetProduct").WithSummary("One product with its variants.")
            .ProducesProblems(StatusCodes.Status404NotFound);

        app.MapGet("/api/listings", async (string? market, RolloutDb db, TimeProvider clock, CancellationToken ct) => (await GetListings.All(market, db, clock, ct)).ToOk())
            .RequireAuthorization(StaffAuthentication.AnyStaff)
            .WithTags("Catalog").WithName("ListListings").WithSummary("Every listing, past, open and scheduled; ?market=FR keeps France's.")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        var staff = app.MapGroup("/api").WithTags("Catalog").RequireAuthorization(StaffAuthentication.Catalog);
        staff.MapPost("/products", async (CreateProductRequest request, RolloutDb db, CancellationToken ct) =>
                (await CreateProduct.Handle(request, db, ct)).ToCreated(p => $"/api/products/{p.Code}"))
            .WithName("CreateProduct").WithSummary("Creates a product; specs are typed by their JSON value (text, number with unit, true/false).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
        staff.MapPatch("/products/{code}", async (string code, ProductFields request, RolloutDb db, CancellationToken ct) =>
                (await ChangeProduct.Handle(code, request, db, ct)).ToOk())
            .WithName("ChangeProduct").WithSummary("Changes a product; fields left out keep their value.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        staff.MapPost("/products/{code}/variants", async (string code, AddVariantRequest request, RolloutDb db, CancellationToken ct) =>
                (await AddVariant.Handle(code, request, db, ct)).ToCreated(v => $"/api/variants/{v.Sku}"))
            .WithName("AddVariant").WithSummary("Adds a variant (SKU, colour, memory, GTIN with a valid check digit) to a product.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        staff.MapPatch("/variants/{sku}", async (string sku, VariantFields request, RolloutDb db, CancellationToken ct) =>
                (await ChangeVariant.Handle(sku, request, db, ct)).ToOk())
            .WithName("ChangeVariant").WithSummary("Changes a variant; fields left out keep their value.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        staff.MapPut("/variants/{sku}/certifications", async (string sku, CertifyVariantRequest request, RolloutDb db, CancellationToken ct) =>
                (await CertifyVariant.Handle(sku, request, db, ct)).ToOk())
            .WithName("CertifyVariant").WithSummary("Records the certificate a variant holds under a regime (CE, UKCA, FCC, ...).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        staff.MapDelete("/variants/{sku}/certifications/{regime}", async (string sku, string regime, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await WithdrawCertification.Handle(sku, regime, db, clock, ct)).ToOk())
            .WithName("WithdrawCertification").WithSummary("Withdraws a certification; refused while the variant is listed where it is required.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        staff.MapPut("/listings", async (ListVariantRequest request, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await ListVariant.Handle(request, db, clock, ct)).ToOk())
            .WithName("ListVariant")
            .WithSummary("Lists a variant in a market through a channel, opening (and optionally closing) at local times in the market's zone; listing again reschedules.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        staff.MapDelete("/listings/{id:long}", async (long id, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await CloseListing.Handle(id, db, clock, ct)).ToOk())
            .WithName("CloseListing").WithSummary("Takes a listing off sale now (one not yet open is removed).")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        // An import also creates and changes markets and channels, which only admins may.
        app.MapPost("/api/catalog/import", ImportCatalogFile)
            .RequireAuthorization(StaffAuthentication.Admin).WithBodyLimit(RequestBodyLimits.Import)
            .WithTags("Catalog").WithName("ImportCatalog").WithSummary("Imports a rollout-catalog/1 file (markets, channels, products, listings) of up to 16 MiB, all or nothing; admins only.")
            .Accepts<CatalogDocument>("application/json")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge);
        staff.MapGet("/catalog/export", async (RolloutDb db, TimeProvider clock, CancellationToken ct) => TypedResults.Ok(await ExportCatalog.Handle(db, clock, ct)))
            .WithName("ExportCatalog").WithSummary("The whole catalog as a rollout-catalog/1 file.");
    }

    /// <summary>The body is the file as it is: read whole (up to the endpoint's limit), then checked and imported.</summary>
    private static async Task<Results<Ok<ImportSummary>, ProblemHttpResult>> ImportCatalogFile(HttpRequest http, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        using var reader = new StreamReader(http.Body);
        return (await ImportCatalog.Handle(await reader.ReadToEndAsync(ct), db, clock, ct)).ToOk();
    }
}
