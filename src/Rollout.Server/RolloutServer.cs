using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.WebEncoders;
using Rollout.Identity;
using Rollout.Server.Http;
using Scalar.AspNetCore;

namespace Rollout.Server;

/// <summary>The server's composition: the domain (<see cref="RolloutStorage.AddRollout"/>) plus HTTP, pages and auth.</summary>
public static class RolloutServer
{
    public const string DefaultUrl = "http://localhost:5080";

    public static WebApplicationBuilder AddRolloutServer(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var services = builder.Services;
        services.AddRollout();
        services.AddHostedService<PrepareOnStart>();
        services.AddHostedService<Rollout.Inventory.ReservationSweeper>();
        services.AddHostedService<Rollout.Orders.OutboxDispatcher>();
        services.AddHostedService<Rollout.Launches.LaunchTicker>();
        services.AddDataProtection();
        services.AddOptions<KeyManagementOptions>().Configure<IConfiguration, ILoggerFactory>((o, configuration, logs) =>
            o.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(StorageOptions.DataFolder(configuration), "keys")), logs));

        services.AddStaffAuthentication();
        Rollout.Partners.PartnerAuthentication.AddPartnerKeys(services);
        services.AddSingleton(provider => Rollout.Partners.InvoiceDocument.SellerFrom(provider.GetRequiredService<IConfiguration>()));
        services.AddProblemDetails(o => o.CustomizeProblemDetails = StaffAuthentication.ExplainRefusal);
        services.AddExceptionHandler<BadRequestToProblem>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, Rollout.Launches.LaunchJson.Default);
        });
        services.AddRateLimiter(o =>
        {
            // Public lookups (the warranty check by IMEI) are limited per client address, so nobody walks the IMEI space.
            o.AddPolicy(PublicLookups, context => System.Threading.RateLimiting.RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new System.Threading.RateLimiting.FixedWindowRateLimiterOptions
                {
                    PermitLimit = context.RequestServices.GetRequiredService<IConfiguration>().GetValue("Rollout:PublicLookupsPerMinute", 60),
                    Window = TimeSpan.FromMinutes(1),
                }));
            // Each partner's key gets its own budget, so one partner's integration cannot crowd out the others.
            o.AddPolicy(PartnerRequests, context => System.Threading.RateLimiting.RateLimitPartition.GetFixedWindowLimiter(
                StaffAuthentication.PartnerOf(context.User)?.Value ?? "anonymous",
                _ => new System.Threading.RateLimiting.FixedWindowRateLimiterOptions
                {
                    PermitLimit = context.RequestServices.GetRequiredService<IConfiguration>().GetValue("Rollout:PartnerRequestsPerMinute", 600),
                    Window = TimeSpan.FromMinutes(1),
                }));
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return ValueTask.CompletedTask;
            };
        });
        services.AddOpenApi(o => o.AddDocumentTransformer<ApiDocument>().AddOperationTransformer<ApiDocument>());
        // Pages speak Spanish, French, Italian...: write their letters as they are, not as &#xF4; escapes.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddRazorPages(o => o.Conventions.AuthorizeFolder("/Admin", StaffAuthentication.AnyStaff).AllowAnonymousToPage("/Admin/Login").AllowAnonymousToPage("/Admin/Password"));
        return builder;
    }

    public static WebApplication UseRolloutServer(this WebApplication app)
    {
        app.UseExceptionHandler();
        // An empty error response becomes a problem on the API and a page in the browser.
        app.UseWhen(c => IsApi(c.Request), api => api.UseStatusCodePages());
        app.UseWhen(c => !IsApi(c.Request), pages => pages.UseStatusCodePagesWithReExecute("/status/{0}"));
        app.UseStaticFiles();
        app.UseRouting(); // After the status-code pages, so a re-executed request is routed again.
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter(); // After sign-in, so a partner's requests count against its own budget.
        app.MapOpenApi();
        app.MapScalarApiReference("/api/reference", o =>
        {
            // A reference that works offline and calls home to no one.
            o.Title = "Rollout API";
            o.Telemetry = false;
            o.DotNetFlag = false;
            o.HideClientButton = true;
            o.ShowDeveloperTools = DeveloperToolsVisibility.Never;
            o.Agent = new ScalarAgentOptions { Disabled = true };
        });
        return app;
    }

    /// <summary>The rate-limit policy of public lookups (configuration <c>Rollout:PublicLookupsPerMinute</c>, 60 by default).</summary>
    public const string PublicLookups = "public-lookups";

    /// <summary>The rate-limit policy of the partner API, per partner (configuration <c>Rollout:PartnerRequestsPerMinute</c>, 600 by default).</summary>
    public const string PartnerRequests = "partner-requests";

    private static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/openapi") || request.Path.StartsWithSegments("/health");

    /// <summary><c>GET /health</c>: the process is up and its database answers.</summary>
    public static void MapHealth(this WebApplication app)
    {
        app.MapGet("/health", async Task<Results<Ok<HealthResponse>, ProblemHttpResult>> (RolloutDb db, StorageOptions storage, CancellationToken ct) =>
                await db.Database.CanConnectAsync(ct)
                    ? TypedResults.Ok(new HealthResponse("ok", storage.Provider.ToString().ToLowerInvariant()))
                    : TypedResults.Problem("The database does not answer.", statusCode: StatusCodes.Status503ServiceUnavailable))
            .WithName("Health").WithSummary("Is the server up and its database reachable?").WithTags("Health");

        // The cheapest answer the server gives: a load balancer's liveness probe, and the benchmark's measure of the machine.
        app.MapGet("/health/live", () => "live")
            .WithName("Live").WithSummary("Is the process up? Does no work (no database).").WithTags("Health");
    }

    public sealed record HealthResponse(string Status, string Database);

    /// <summary>Migrates, makes the first admin and loads the demo before the server takes requests.</summary>
    private sealed class PrepareOnStart(IServiceProvider services, IConfiguration configuration, ILogger<PrepareOnStart> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Startup.Prepare(services, configuration, logger, cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
