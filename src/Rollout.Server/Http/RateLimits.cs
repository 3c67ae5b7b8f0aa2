using System.Collections.Frozen;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.RateLimiting;
using Rollout.Identity;

namespace Rollout.Server.Http;

/// <summary>Who a limit counts: the client's address, the signed-in account (else the address), or the partner's key.</summary>
public enum CountedBy
{
    Address,
    Account,
    Partner,
}

/// <summary>
/// One named limit: about <see cref="Permits"/> requests per <see cref="Window"/> for each caller, as a token bucket that
/// holds <see cref="Permits"/> and refills evenly over the window (so a refused caller is told how long until the next
/// permit, not to wait out a whole window).
/// </summary>
public sealed record RateLimit(string Name, string Counted, int Permits, TimeSpan Window, CountedBy By)
{
    /// <summary>
    /// A figure promised to the caller (the partner API's requests per minute): on PostgreSQL it holds across every
    /// server (<see cref="SharedBudget"/>). The others are abuse limits counted by each server, so N servers allow up
    /// to N times their figure.
    /// </summary>
    public bool Shared => By == CountedBy.Partner;

    /// <summary>The bucket of one caller: one refill a second at most (a finer timer would cost more than it says).</summary>
    public TokenBucketRateLimiterOptions Bucket { get; } = BucketOf(Permits, Window);

    /// <summary>The window in words ("a minute", "an hour").</summary>
    public string Per => Window == TimeSpan.FromHours(1) ? "an hour" : "a minute";

    private static TokenBucketRateLimiterOptions BucketOf(int permits, TimeSpan window)
    {
        var period = TimeSpan.FromTicks(Math.Max(window.Ticks / permits, TimeSpan.TicksPerSecond));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = permits,
            TokensPerPeriod = (int)Math.Max(1, Math.Round((double)permits * period.Ticks / window.Ticks)),
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }
}

/// <summary>What a refused browser request carries to the status page, which says it in words.</summary>
public sealed record RateLimitRefusal(string Title, string Detail, int RetryAfterSeconds);

/// <summary>
/// The abuse limits of launch night (decision 13), all under <c>Rollout:Limits</c>: sign-in, registration, carts,
/// holds, claims, public lookups and the partner API. Each is a named limit counted per client address, or per account
/// where the request is signed in; routes and pages name theirs (<see cref="RateLimitedRoutes.Limited{TBuilder}"/>,
/// <see cref="RateLimitedAttribute"/>) and share one ASP.NET Core rate-limiter policy, so a browser form and the API
/// spend the same budget. A sign-in and a password reset request are also counted per account (the e-mail given), which
/// the request's body names: <see cref="RefuseSignIn"/>, <see cref="RefusePasswordReset"/>.
/// </summary>
public sealed class RateLimits : IDisposable
{
    public const string SignIn = "sign-in";
    public const string Registrations = "registrations";
    public const string Carts = "carts";
    public const string Holds = "holds";
    public const string Claims = "claims";
    public const string PublicLookups = "public-lookups";
    public const string PartnerRequests = "partner-requests";
    public const string PasswordResets = "password-resets";
    public const string ConfirmationMails = "confirmation-mails";

    /// <summary>The sign-ins of one account (the e-mail tried), whatever address they come from.</summary>
    public const string SignInPerAccount = "sign-in-account";

    /// <summary>The password reset requests for one e-mail address, whatever address they come from (a mailbox is not flooded).</summary>
    public const string PasswordResetsPerAccount = "password-resets-account";

    /// <summary>The one ASP.NET Core policy through which every named limit is applied.</summary>
    public const string Policy = "rollout-limits";

    /// <summary>The partition of requests that come with no address (an in-process host, a Unix socket): one budget for all of them.</summary>
    public const string UnknownAddress = "unknown";

    private readonly FrozenDictionary<string, RateLimit> limits;
    private readonly PartitionedRateLimiter<string> signInsPerAccount;
    private readonly PartitionedRateLimiter<string> resetsPerAccount;

    private RateLimits(IEnumerable<RateLimit> limits)
    {
        this.limits = limits.ToFrozenDictionary(l => l.Name, StringComparer.Ordinal);
        signInsPerAccount = PerEmail(this.limits[SignInPerAccount]);
        resetsPerAccount = PerEmail(this.limits[PasswordResetsPerAccount]);
    }

    private static PartitionedRateLimiter<string> PerEmail(RateLimit limit) =>
        PartitionedRateLimiter.Create<string, string>(email => RateLimitPartition.GetTokenBucketLimiter(email, _ => limit.Bucket));

    public RateLimit this[string name] => limits[name];

    public IEnumerable<RateLimit> All => limits.Values;

    /// <summary>
    /// The limits from configuration, each <c>Rollout:Limits:{Setting}</c> or its default; the two limits that existed
    /// before the section (<c>Rollout:PublicLookupsPerMinute</c>, <c>Rollout:PartnerRequestsPerMinute</c>) are still read
    /// under their old names when the new ones are not set.
    /// </summary>
    public static RateLimits From(IConfiguration configuration)
    {
        int Read(string setting, int fallback, string? oldName = null)
        {
            var path = $"Rollout:Limits:{setting}";
            var text = configuration[path] ?? (oldName is null ? null : configuration[oldName]);
            return text is null ? fallback
                : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1 ? value
                : throw new InvalidOperationException($"{path} must be a whole number of at least 1, not '{text}'.");
        }

        var minute = TimeSpan.FromMinutes(1);
        var hour = TimeSpan.FromHours(1);
        return new RateLimits(
        [
            new(SignIn, "sign-in attempts", Read("SignInPerMinute", 20), minute, CountedBy.Address),
            new(SignInPerAccount, "sign-in attempts", Read("SignInPerAccountPerMinute", 5), minute, CountedBy.Account),
            new(Registrations, "new accounts", Read("RegistrationsPerHour", 10), TimeSpan.FromHours(1), CountedBy.Address),
            new(Carts, "new carts", Read("CartsPerMinute", 20), minute, CountedBy.Account),
            new(Holds, "changes to cart lines", Read("HoldsPerMinute", 60), minute, CountedBy.Account),
            new(Claims, "claims and flash-sale steps", Read("ClaimsPerMinute", 30), minute, CountedBy.Account),
            new(PublicLookups, "public lookups", Read("PublicLookupsPerMinute", 60, "Rollout:PublicLookupsPerMinute"), minute, CountedBy.Address),
            new(PartnerRequests, "partner API requests", Read("PartnerRequestsPerMinute", 600, "Rollout:PartnerRequestsPerMinute"), minute, CountedBy.Partner),
            new(PasswordResets, "password reset requests", Read("PasswordResetsPerHour", 10), hour, CountedBy.Address),
            new(PasswordResetsPerAccount, "password reset requests", Read("PasswordResetsPerAccountPerHour", 3), hour, CountedBy.Account),
            new(ConfirmationMails, "e-mail confirmation links", Read("ConfirmationMailsPerHour", 5), hour, CountedBy.Account),
        ]);
    }

    /// <summary>
    /// The client's address as a limit counts it: IPv4 as it is, IPv6 by its /64 (one subscriber's network, whose
    /// addresses are free to them), and <see cref="UnknownAddress"/> when the connection has none. Behind a proxy this is
    /// the proxy's address unless forwarded headers are applied first.
    /// </summary>
    public static string ClientAddress(HttpContext context)
    {
        if (context.Connection.RemoteIpAddress is not { } address)
        {
            return UnknownAddress;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }

    /// <summary>The key a limit counts this request under: "a:" an address, "u:" an account, "p:" a partner.</summary>
    public static string Caller(HttpContext context, CountedBy by) => by switch
    {
        CountedBy.Account when context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } account => "u:" + account,
        CountedBy.Partner when StaffAuthentication.PartnerOf(context.User) is { } partner => "p:" + partner.Value,
        _ => "a:" + ClientAddress(context),
    };

    /// <summary>The limit of this request, from its endpoint (a page's limit names the handler it is on); null when none.</summary>
    public RateLimit? Of(HttpContext context)
    {
        var named = context.GetEndpoint()?.Metadata.GetOrderedMetadata<RateLimitedAttribute>();
        if (named is null or { Count: 0 })
        {
            return null;
        }

        foreach (var attribute in named)
        {
            if (attribute.Matches(context))
            {
                return limits[attribute.Limit];
            }
        }

        return null;
    }

    /// <summary>
    /// Counts a sign-in on the API against the account it is for (the e-mail, as Identity normalises it), after the
    /// middleware counted the address: the 429 problem when the account is over its budget, else null. Lockout (10
    /// wrong passwords in a row) still applies on top.
    /// </summary>
    public ProblemHttpResult? RefuseSignIn(HttpContext context, string? email) => RefuseApi(context, signInsPerAccount, SignInPerAccount, email);

    /// <summary>The same count for a sign-in form: the 429 that shows the status page when over, else null.</summary>
    public StatusCodeResult? RefuseSignInPage(HttpContext context, string? email) => RefusePage(context, signInsPerAccount, SignInPerAccount, email);

    /// <summary>
    /// Counts a password reset request against the e-mail it names, after the middleware counted the address: the 429
    /// problem when that address was asked for too often, else null. Counted whether or not an account has the address,
    /// so the limit tells nothing either.
    /// </summary>
    public ProblemHttpResult? RefusePasswordReset(HttpContext context, string? email) => RefuseApi(context, resetsPerAccount, PasswordResetsPerAccount, email);

    /// <summary>The same count for the storefront's form.</summary>
    public StatusCodeResult? RefusePasswordResetPage(HttpContext context, string? email) => RefusePage(context, resetsPerAccount, PasswordResetsPerAccount, email);

    private ProblemHttpResult? RefuseApi(HttpContext context, PartitionedRateLimiter<string> limiter, string limit, string? email)
    {
        using var lease = limiter.AttemptAcquire(Normalise(email));
        return lease.IsAcquired ? null : Problem(context, this[limit], lease);
    }

    private StatusCodeResult? RefusePage(HttpContext context, PartitionedRateLimiter<string> limiter, string limit, string? email)
    {
        using var lease = limiter.AttemptAcquire(Normalise(email));
        if (lease.IsAcquired)
        {
            return null;
        }

        RefusePage(context, this[limit], lease);
        return new StatusCodeResult(StatusCodes.Status429TooManyRequests);
    }

    /// <summary>A refusal on the API: 429 as a problem naming the limit, with Retry-After from the limiter.</summary>
    public static ProblemHttpResult Problem(HttpContext context, RateLimit limit, RateLimitLease lease)
    {
        var (title, detail, seconds) = Explain(context, limit, lease);
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = title,
            Detail = detail,
            Type = "urn:rollout:problem:rate_limited",
        };
        problem.Extensions["code"] = "rate_limited";
        problem.Extensions["limit"] = limit.Name;
        problem.Extensions["retryAfter"] = seconds;
        return TypedResults.Problem(problem);
    }

    /// <summary>
    /// A refusal in the browser: 429 with Retry-After and an empty body, which the status-code pages turn into the
    /// status page; it reads what to say from the <see cref="RateLimitRefusal"/> left on the request.
    /// </summary>
    public static void RefusePage(HttpContext context, RateLimit limit, RateLimitLease lease)
    {
        var (title, detail, seconds) = Explain(context, limit, lease);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        context.Features.Set(new RateLimitRefusal(title, detail, seconds));
    }

    /// <summary>The middleware's refusal: a problem on the API, the status page in the browser.</summary>
    internal async ValueTask Refuse(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        var limit = Of(context)!;
        if (RolloutServer.IsApi(context.Request))
        {
            await Problem(context, limit, rejected.Lease).ExecuteAsync(context);
        }
        else
        {
            RefusePage(context, limit, rejected.Lease);
        }
    }

    public void Dispose()
    {
        signInsPerAccount.Dispose();
        resetsPerAccount.Dispose();
    }

    private static string Normalise(string? email) => (email ?? "").Trim().ToUpperInvariant();

    private static (string Title, string Detail, int Seconds) Explain(HttpContext context, RateLimit limit, RateLimitLease lease)
    {
        // The limiter says when its next permit comes; a token bucket's is one refill away.
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : limit.Bucket.ReplenishmentPeriod;
        var seconds = (int)Math.Max(1, Math.Ceiling(wait.TotalSeconds));
        var who = limit.By switch
        {
            CountedBy.Account when limit.Name is SignInPerAccount or PasswordResetsPerAccount => "for one account",
            CountedBy.Account when context.User.Identity?.IsAuthenticated == true => "for one account",
            CountedBy.Partner when StaffAuthentication.PartnerOf(context.User) is not null => "for one partner",
            _ => "from one address",
        };
        var title = $"Too many {limit.Counted}.";
        var detail = string.Create(CultureInfo.InvariantCulture, $"At most {limit.Permits} {limit.Counted} {limit.Per} {who} (limit {limit.Name}); try again in {seconds} seconds.");
        return (title, detail, seconds);
    }
}

/// <summary>Routes name their limit: <c>.Limited(RateLimits.Carts)</c>.</summary>
public static class RateLimitedRoutes
{
    /// <summary>Names the limit of a route or a group of routes (429 with Retry-After beyond it).</summary>
    public static TBuilder Limited<TBuilder>(this TBuilder builder, string limit)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RateLimitedAttribute(limit), new ProducesResponseTypeMetadata(StatusCodes.Status429TooManyRequests, typeof(ProblemDetails), ["application/problem+json"]))
            .RequireRateLimiting(RateLimits.Policy);
}

/// <summary>
/// The named limit of a route, or of a page's handler: <c>[RateLimited(RateLimits.SignIn, Handler = nameof(OnPostSignIn))]</c>
/// counts only that handler's requests (a page's views are not counted); without a handler, every request.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class RateLimitedAttribute(string limit) : Attribute
{
    private string? method;
    private string handlerName = "";

    public string Limit { get; } = limit;

    /// <summary>The page handler method the limit is on (<c>OnPostSignIn</c>, <c>OnPost</c>); null for every request.</summary>
    public string? Handler
    {
        get => method is null ? null : $"On{method}{handlerName}";
        init
        {
            // "OnPostSignIn" is a POST with ?handler=SignIn; "OnPost" a POST with no handler named.
            var name = value ?? throw new ArgumentNullException(nameof(value));
            name = name.EndsWith("Async", StringComparison.Ordinal) ? name[..^5] : name;
            foreach (var verb in (string[])["Get", "Post", "Put", "Delete", "Patch"])
            {
                if (name.StartsWith("On" + verb, StringComparison.Ordinal))
                {
                    (method, handlerName) = (verb, name[(2 + verb.Length)..]);
                    return;
                }
            }

            throw new ArgumentException($"'{value}' is not a page handler method (OnPost…, OnGet…).", nameof(value));
        }
    }

    /// <summary>Whether this request is the one the limit is on: its method and page handler (as Razor Pages picks it).</summary>
    public bool Matches(HttpContext context)
    {
        if (method is null)
        {
            return true;
        }

        if (!string.Equals(context.Request.Method, method, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var requested = context.Request.RouteValues["handler"] as string is { Length: > 0 } routed ? routed : context.Request.Query["handler"].FirstOrDefault() ?? "";
        return string.Equals(requested, handlerName, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>The ASP.NET Core policy of <see cref="RateLimits.Policy"/>: the request's named limit, counted for its caller.</summary>
public sealed class LimitPolicy(RateLimits limits, Rollout.Storage.StorageOptions storage, IServiceScopeFactory scopes, TimeProvider clock) : IRateLimiterPolicy<(string Limit, string Caller)>
{
    /// <summary>Several servers may share the database (PostgreSQL): the limits that promise a figure count in it.</summary>
    private readonly bool shared = storage.Provider == Rollout.Storage.StorageProvider.Postgres;

    private static readonly (string, string) Unlimited = ("", "");

    public Func<OnRejectedContext, CancellationToken, ValueTask> OnRejected => limits.Refuse;

    public RateLimitPartition<(string Limit, string Caller)> GetPartition(HttpContext httpContext)
    {
        if (limits.Of(httpContext) is not { } limit)
        {
            return RateLimitPartition.GetNoLimiter(Unlimited);
        }

        var caller = RateLimits.Caller(httpContext, limit.By);
        if (shared && limit.Shared)
        {
            return RateLimitPartition.Get((limit.Name, caller), key => new SharedBudget(limit, key.Item2, scopes, clock));
        }

        return RateLimitPartition.GetTokenBucketLimiter((limit.Name, caller), _ => limit.Bucket);
    }
}

/// <summary>A page that names a limit (<see cref="RateLimitedAttribute"/>) goes through the limits' policy.</summary>
internal sealed class RateLimitedPages : IPageApplicationModelConvention
{
    public void Apply(PageApplicationModel model)
    {
        if (model.HandlerTypeAttributes.OfType<RateLimitedAttribute>().Any())
        {
            model.EndpointMetadata.Add(new EnableRateLimitingAttribute(RateLimits.Policy));
        }
    }
}
