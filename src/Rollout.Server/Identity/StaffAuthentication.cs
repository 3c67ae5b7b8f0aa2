using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Rollout.Identity;

/// <summary>
/// Staff sign in with ASP.NET Core Identity: API callers with a bearer token, console pages with a cookie.
/// One policy scheme picks between them per request, so both faces share the same roles and policies.
/// </summary>
public static partial class StaffAuthentication
{
    public const string AnyStaff = "staff";
    public const string Admin = "admin";

    /// <summary>An admin signed in in person (password and, where required, a second factor), not a script's key: staff, keys and second factors are managed only so.</summary>
    public const string AdminInPerson = "admin-in-person";
    public const string Catalog = "catalog";
    public const string Pricing = "pricing";
    public const string Inventory = "inventory";
    public const string Orders = "orders";
    public const string Launches = "launches";
    public const string Customer = "customer";
    public const string Partners = "partners";
    public const string Support = "support";
    public const string PartnerKey = "partner-key";
    public const string TicketOpeners = "ticket-openers";

    /// <summary>Customers' names, addresses, e-mails and orders: for those who serve them (admins, order managers, support agents).</summary>
    public const string PersonalData = "personal-data";

    /// <summary>The partner API's scheme (<c>Authorization: Partner {id}.{secret}</c>) and the claim naming the partner; the handler is the Partners capability's.</summary>
    public const string PartnerScheme = "Partner";
    public const string PartnerClaim = "rollout:partner";
    private const string Scheme = "bearer-or-cookie";

    /// <summary>The claim of every bearer token and cookie that names its <see cref="Session"/>.</summary>
    public const string SessionClaim = "rollout:sid";

    /// <summary>
    /// The claim of a token or cookie issued when the account's e-mail address was confirmed already ("true"): a flash
    /// sale that requires a confirmed address believes it without asking the database. Confirmation is never undone.
    /// </summary>
    public const string EmailConfirmedClaim = "rollout:email-confirmed";

    /// <summary>Whether the request's ticket says its account's e-mail address is confirmed.</summary>
    public static bool EmailConfirmedOf(ClaimsPrincipal user) => user.HasClaim(EmailConfirmedClaim, "true");

    private const string SessionEnded = "rollout:session-ended";

    /// <summary>The partner a request is signed in as by its key; null for anyone else.</summary>
    public static Slug? PartnerOf(ClaimsPrincipal user) =>
        user.FindFirst(PartnerClaim)?.Value is { } code && Slug.Parse(code) is { IsSuccess: true } slug ? slug.Value : null;

    /// <summary>Who may pass a policy, in words.</summary>
    public static string Describe(string? policy) => policy switch
    {
        Admin => "an admin",
        AdminInPerson => "an admin signed in with their password (a key for scripts cannot manage staff, keys or second factors)",
        Catalog => "an admin or a catalog manager",
        Pricing => "an admin or a pricing manager",
        Inventory => "an admin or an inventory manager",
        Orders => "an admin or an order manager",
        Launches => "an admin or a launch manager",
        Customer => "a signed-in customer (POST /api/customers to register)",
        Partners => "an admin or a partner manager",
        Support => "an admin or a support agent",
        PersonalData => "an admin, an order manager or a support agent (customers' personal data)",
        TicketOpeners => "a signed-in customer, a partner's key, or an admin or support agent",
        PartnerKey => "a partner's API key (Authorization: Partner {id}.{secret}; staff issue keys at POST /api/partners/{code}/keys)",
        _ => "a member of staff",
    };

    /// <summary>Gives an empty 401 or 403 a problem body that says what is missing.</summary>
    public static void ExplainRefusal(ProblemDetailsContext context)
    {
        if (context.ProblemDetails.Detail is not null)
        {
            return; // A problem an endpoint wrote itself (a wrong password) already says what is wrong.
        }

        var status = context.ProblemDetails.Status;
        var policy = context.HttpContext.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().LastOrDefault(a => a.Policy is not null)?.Policy;
        if (status == StatusCodes.Status401Unauthorized && context.HttpContext.Request.Headers.Authorization.ToString().StartsWith(PartnerScheme + " ", StringComparison.OrdinalIgnoreCase))
        {
            context.ProblemDetails.Detail = "This partner key is unknown, wrong or revoked; ask the brand's partner manager for a new one (keys look like pk_….…).";
            context.ProblemDetails.Extensions["code"] = "auth.partner_key";
        }
        else if (status == StatusCodes.Status401Unauthorized && StaffKeyAuthentication.Presents(context.HttpContext.Request))
        {
            context.ProblemDetails.Detail = "This staff key is unknown, wrong, expired or revoked, or its account is disabled; ask an admin for a new one (keys look like sk_….…).";
            context.ProblemDetails.Extensions["code"] = "auth.staff_key";
        }
        else if (status == StatusCodes.Status401Unauthorized && context.HttpContext.Items.ContainsKey(SessionEnded))
        {
            context.ProblemDetails.Detail = "This session has ended (signed out, the account changed, or past its lifetime); sign in again.";
            context.ProblemDetails.Extensions["code"] = "auth.session_ended";
        }
        else if (status == StatusCodes.Status401Unauthorized)
        {
            context.ProblemDetails.Detail = $"Sign in first: POST /api/auth/token gives a bearer token. This needs {Describe(policy)}.";
            context.ProblemDetails.Extensions["code"] = "auth.required";
        }
        else if (status == StatusCodes.Status403Forbidden)
        {
            context.ProblemDetails.Detail = $"Your role may not do this; it needs {Describe(policy)}.";
            context.ProblemDetails.Extensions["code"] = "auth.forbidden";
        }
    }

    public static IServiceCollection AddStaffAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Bearer token, partner key or console cookie", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith(PartnerScheme + " ", StringComparison.OrdinalIgnoreCase) ? PartnerScheme
                : StaffKeyAuthentication.Presents(context.Request) ? StaffKeyAuthentication.KeyScheme
                : context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                || context.Request.Path.StartsWithSegments("/api")
                    ? IdentityConstants.BearerScheme
                    : IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, o => o.Events.OnMessageReceived = CheckBearerSession)
            .AddIdentityCookies();
        services.AddSingleton<RememberedTickets>();
        services.AddOptions<Microsoft.AspNetCore.Authentication.BearerToken.BearerTokenOptions>(IdentityConstants.BearerScheme)
            .PostConfigure<RememberedTickets>((o, tickets) => o.BearerTokenProtector = tickets.Over(o.BearerTokenProtector));
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/admin/login";
            o.AccessDeniedPath = "/admin/login";
            o.Cookie.Name = Rollout.Server.Http.SiteCookies.SignIn; // Prefixed, made Secure and SameSite by SiteCookies.
            o.Events.OnValidatePrincipal = CheckCookieSession;
        });
        PasswordResetTokens.AddAccountTokens(new IdentityBuilder(typeof(RolloutUser), typeof(IdentityRole), services).AddSignInManager());

        // Deny by default: an endpoint or page that names no policy needs a signed-in caller; public ones say AllowAnonymous.
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AnyStaff, p => p.RequireRole(StaffRoles.All))
            .AddPolicy(Admin, p => p.RequireRole(StaffRoles.Admin))
            .AddPolicy(AdminInPerson, p => p.RequireRole(StaffRoles.Admin).RequireAssertion(c => !c.User.HasClaim(h => h.Type == StaffKeyAuthentication.KeyClaim)))
            .AddPolicy(Catalog, p => p.RequireRole(StaffRoles.Admin, StaffRoles.CatalogManager))
            .AddPolicy(Pricing, p => p.RequireRole(StaffRoles.Admin, StaffRoles.PricingManager))
            .AddPolicy(Inventory, p => p.RequireRole(StaffRoles.Admin, StaffRoles.InventoryManager))
            .AddPolicy(Orders, p => p.RequireRole(StaffRoles.Admin, StaffRoles.OrderManager))
            .AddPolicy(Launches, p => p.RequireRole(StaffRoles.Admin, StaffRoles.LaunchManager))
            .AddPolicy(Customer, p => p.RequireRole(RolloutUser.CustomerRole))
            .AddPolicy(Partners, p => p.RequireRole(StaffRoles.Admin, StaffRoles.PartnerManager))
            .AddPolicy(Support, p => p.RequireRole(StaffRoles.Admin, StaffRoles.SupportAgent))
            .AddPolicy(PersonalData, p => p.RequireRole(StaffRoles.Admin, StaffRoles.OrderManager, StaffRoles.SupportAgent))
            .AddPolicy(PartnerKey, p => p.RequireClaim(PartnerClaim))
            .AddPolicy(TicketOpeners, p => p.RequireAssertion(c =>
                c.User.HasClaim(h => h.Type == PartnerClaim) || c.User.IsInRole(RolloutUser.CustomerRole) || c.User.IsInRole(StaffRoles.Admin) || c.User.IsInRole(StaffRoles.SupportAgent)));
        return services;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The session check could not read the database; the request is {Outcome}")]
    private static partial void SessionCheckFailed(ILogger logger, string outcome, Exception error);

    /// <summary>The session a signed-in request belongs to, from its token or cookie.</summary>
    public static string? SessionOf(ClaimsPrincipal user) => user.FindFirstValue(SessionClaim);

    /// <summary>
    /// Every bearer token is checked against its session before the handler trusts it, including tokens whose ticket
    /// <see cref="RememberedTickets"/> remembers: a remembered ticket saves the decryption, never this check.
    /// </summary>
    private static async Task CheckBearerSession(Microsoft.AspNetCore.Authentication.BearerToken.MessageReceivedContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var token = header["Bearer ".Length..].Trim();
        if (context.Options.BearerTokenProtector.Unprotect(token) is not { } ticket)
        {
            return; // The handler refuses it.
        }

        if (!await IsLive(ticket.Principal, context.HttpContext))
        {
            context.Fail("The session has ended.");
            return;
        }

        context.Token = token;
    }

    private static async Task CheckCookieSession(CookieValidatePrincipalContext context)
    {
        if (context.Principal is null || !await IsLive(context.Principal, context.HttpContext))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }

    private static async Task<bool> IsLive(ClaimsPrincipal principal, HttpContext http)
    {
        var services = http.RequestServices;
        var stampType = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        bool live;
        try
        {
            live = await services.GetRequiredService<SessionCheck>().IsLive(
                principal.FindFirstValue(SessionClaim),
                principal.FindFirstValue(ClaimTypes.NameIdentifier),
                principal.FindFirstValue(stampType),
                services.GetRequiredService<RolloutDb>(),
                http.RequestAborted);
        }
        catch (Exception e) when (e is System.Data.Common.DbException || e.InnerException is System.Data.Common.DbException)
        {
            // The database cannot be asked. Staff are refused (fail closed). A customer's ticket, at most an hour old and
            // signed by this server, is let through, so a flash sale still answers "sold out" from memory while the
            // database is down (decision 11); a signed-out customer's copied token works only during such an outage.
            live = principal.IsInRole(RolloutUser.CustomerRole) && !StaffRoles.All.Any(principal.IsInRole);
            SessionCheckFailed(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StaffAuthentication)), live ? "let through (a customer's ticket)" : "refused", e);
        }

        if (!live)
        {
            http.Items[SessionEnded] = true;
        }

        return live;
    }
}
