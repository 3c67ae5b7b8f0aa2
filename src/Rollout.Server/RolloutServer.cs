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
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"])
            && !builder.Configuration.GetSection("Kestrel:Endpoints").Exists()) // Kestrel's own endpoints (an https one) win anyway.
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var services = builder.Services;
        services.AddRollout();
        services.AddHostedService<PrepareOnStart>();
        services.AddSingleton<Readiness>();
        Readiness.AddDrain(services, builder.Configuration);
        // Disposed by the container after everything made later: PrepareOnStart, the first hosted service, makes it.
        services.AddSingleton(provider => SqliteServerLock.Take(provider.GetRequiredService<StorageOptions>())!);
        services.AddHostedService<Rollout.Inventory.ReservationSweeper>();
        services.AddHostedService<Rollout.Orders.OutboxDispatcher>();
        services.AddHostedService<Rollout.Launches.LaunchTicker>();
        services.AddSharedKeyRing();

        services.AddStaffAuthentication();
        services.AddSingleton<EnrolmentProof>();
        services.AddSingleton(p => SecondFactorSettings.From(p.GetRequiredService<IConfiguration>(), p.GetRequiredService<IHostEnvironment>().IsDevelopment()));
        SiteCookies.AddSiteCookies(services, builder.Configuration);
        Proxies.AddProxies(services, builder.Configuration);
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        services.AddHttpsRedirection(o => o.RedirectStatusCode = StatusCodes.Status308PermanentRedirect);
        StaffKeyAuthentication.AddStaffKeys(services);
        Rollout.Partners.PartnerAuthentication.AddPartnerKeys(services);
        services.AddSingleton(provider => Rollout.Partners.InvoiceDocument.SellerFrom(provider.GetRequiredService<IConfiguration>()));
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            StaffAuthentication.ExplainRefusal(context);
            RequestBodyLimits.Explain(context);
        });
        services.AddExceptionHandler<BadRequestToProblem>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, Rollout.Launches.LaunchJson.Default);
        });
        // Abuse limits (decision 13): every named limit goes through one policy, counted per address or per account.
        services.AddSingleton(provider => RateLimits.From(provider.GetRequiredService<IConfiguration>()));
        services.AddSingleton(provider => MailLinks.From(provider.GetRequiredService<IConfiguration>()));
        services.AddRateLimiter(o =>
        {
            o.AddPolicy<(string, string), LimitPolicy>(RateLimits.Policy);
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        });
        services.AddOpenApi(o => o.AddDocumentTransformer<ApiDocument>().AddOperationTransformer<ApiDocument>());
        // Pages speak Spanish, French, Italian...: write their letters as they are, not as &#xF4; escapes.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        // Pages follow the fallback policy (signed in) unless opened here: the storefront, the home page, status pages, the console's sign-in.
        services.AddRazorPages(o => o.Conventions.AuthorizeFolder("/Admin", StaffAuthentication.AnyStaff).AllowAnonymousToPage("/Admin/Login").AllowAnonymousToPage("/Admin/Password").AllowAnonymousToPage("/Admin/SecondFactor")
            .AllowAnonymousToFolder("/Storefront").AllowAnonymousToPage("/Index").AllowAnonymousToPage("/Status").Add(new RateLimitedPages()));
        return builder;
    }

    public static WebApplication UseRolloutServer(this WebApplication app)
    {
        Proxies.UseProxies(app); // First: everything after sees the client's address and scheme.
        app.UseMiddleware<SecurityHeaders>();
        if (app.Services.GetRequiredService<SiteCookies>().HttpsOnly)
        {
            // A server that is HTTPS only serves nothing, and sets no cookie, over plain HTTP; a load balancer's health
            // probe may still ask over plain HTTP.
            app.UseWhen(c => !c.Request.Path.StartsWithSegments("/health"), https => https.UseHttpsRedirection());
        }

        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts(); // On HTTPS requests only, and never for localhost.
        }

        app.UseExceptionHandler();
        // An empty error response becomes a problem on the API and a page in the browser.
        app.UseWhen(c => IsApi(c.Request), api => api.UseStatusCodePages());
        app.UseWhen(c => !IsApi(c.Request), pages => pages.UseStatusCodePagesWithReExecute("/status/{0}"));
        app.UseStaticFiles();
        app.UseCookiePolicy(); // Before anything that writes a cookie (SiteCookies).
        app.UseRouting(); // After the status-code pages, so a re-executed request is routed again.
        app.UseMiddleware<RequestBodyLimits>(); // Knows the endpoint, and runs before anything reads the body.
        app.UseAuthentication();
        app.UseAuthorization();
        app.Use(StaffActsFor); // After sign-in: what staff change from here on is audited under their name.
        app.UseRateLimiter(); // After sign-in, so a signed-in request counts against its account, a partner's against the partner.
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference(SecurityHeaders.ApiReferencePath, (o, http) =>
        {
            // A reference that works offline and calls home to no one; its inline start-up script carries the page's nonce.
            o.Nonce = SecurityHeaders.Nonce(http);
            o.Title = "Rollout API";
            o.Telemetry = false;
            o.DefaultFonts = false; // Its fonts would come from fonts.scalar.com.
            o.DotNetFlag = false;
            o.HideClientButton = true;
            o.ShowDeveloperTools = DeveloperToolsVisibility.Never;
            o.Agent = new ScalarAgentOptions { Disabled = true };
        }).AllowAnonymous();
        return app;
    }

    /// <summary>Names the signed-in member of staff (and the key, for a script) as the actor of whatever this request changes (see <see cref="Rollout.Audit.AuditChanges"/>).</summary>
    private static Task StaffActsFor(HttpContext context, RequestDelegate next)
    {
        var staff = StaffRoles.All.Any(context.User.IsInRole) ? context.User.Identity?.Name : null;
        var key = context.User.FindFirst(StaffKeyAuthentication.KeyClaim)?.Value;
        Rollout.Audit.AuditActor.Set(staff is not null && key is not null ? $"{staff} (key {key})" : staff);
        return next(context);
    }

    /// <summary>Whether a request is the API's (answered with problem details) rather than a page's.</summary>
    internal static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/openapi") || request.Path.StartsWithSegments("/health");

    /// <summary><c>GET /health</c>: the process is up and its database answers.</summary>
    public static void MapHealth(this WebApplication app)
    {
        app.MapGet("/health", async Task<Results<Ok<HealthResponse>, ProblemHttpResult>> (RolloutDb db, StorageOptions storage, CancellationToken ct) =>
                await db.Database.CanConnectAsync(ct)
                    ? TypedResults.Ok(new HealthResponse("ok", storage.Provider.ToString().ToLowerInvariant()))
                    : TypedResults.Problem("The database does not answer.", statusCode: StatusCodes.Status503ServiceUnavailable))
            .AllowAnonymous().WithName("Health").WithSummary("Is the server up and its database reachable?").WithTags("Health");

        app.MapGet("/health/ready", Readiness.Answer)
            .AllowAnonymous().WithName("Ready").WithSummary("Should a load balancer send requests here? Migrated, loaded, not stopping; 503 otherwise.").WithTags("Health");
        Readiness.DrainOnStop(app);

        // The cheapest answer the server gives: a load balancer's liveness probe, and the benchmark's measure of the machine.
        app.MapGet("/health/live", () => "live")
            .AllowAnonymous().WithName("Live").WithSummary("Is the process up? Does no work (no database).").WithTags("Health");
    }

    public sealed record HealthResponse(string Status, string Database);

    /// <summary>Migrates, makes the first admin and loads the demo before the server takes requests.</summary>
    private sealed class PrepareOnStart : IHostedService
    {
        private readonly IServiceProvider services;
        private readonly IConfiguration configuration;
        private readonly ILogger<PrepareOnStart> logger;

        public PrepareOnStart(IServiceProvider services, IConfiguration configuration, ILogger<PrepareOnStart> logger)
        {
            (this.services, this.configuration, this.logger) = (services, configuration, logger);
            // First of all, as the first hosted service is made: a second server on one SQLite file stops here, before it
            // changes anything; and the lock, made before the group commit, is let go only after its last batch.
            _ = services.GetService<SqliteServerLock>();
        }

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            _ = services.GetRequiredService<RateLimits>(); // A limit set wrong stops the start, not the first request it limits.
            _ = services.GetRequiredService<MailLinks>(); // So does a public address that is not one.
            await Startup.Prepare(services, configuration, logger, cancellationToken);
            await services.GetRequiredService<Rollout.Launches.LaunchBook>().LoadSoon(cancellationToken); // The sales opening now are in memory before the first request.
            services.GetRequiredService<Readiness>().Ready();
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
