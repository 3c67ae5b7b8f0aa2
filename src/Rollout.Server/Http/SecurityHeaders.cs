using System.Security.Cryptography;

namespace Rollout.Server.Http;

/// <summary>
/// Puts the browser-facing security headers on every answer, pages, API, static files and errors alike:
/// <c>Content-Security-Policy</c> (with <c>frame-ancestors 'none'</c>), <c>X-Content-Type-Options: nosniff</c>,
/// <c>Referrer-Policy</c> and <c>X-Frame-Options: DENY</c>. They are written when the response starts, so an error
/// page or problem written after the exception handler cleared the headers still carries them.
/// </summary>
/// <remarks>
/// Pages may run scripts and styles from this origin only; an inline script must carry the request's nonce
/// (<see cref="Nonce"/>). The API, and any file sent as an attachment, get a policy that allows nothing, so a
/// response opened in a browser by mistake can neither run nor load anything.
/// </remarks>
public sealed class SecurityHeaders(RequestDelegate next)
{
    /// <summary>The policy of answers that are data, not pages: nothing runs, nothing loads, nothing frames them.</summary>
    public const string DataPolicy = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public const string ReferrerPolicy = "strict-origin-when-cross-origin";

    private const string NonceKey = "rollout.csp-nonce";

    public Task Invoke(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = ReferrerPolicy;
            headers.XFrameOptions = "DENY"; // frame-ancestors for older browsers; replaces the SAMEORIGIN antiforgery writes.
            headers.ContentSecurityPolicy = IsData(http) ? DataPolicy : PagePolicy(Nonce(http), http.Request.Path);
            return Task.CompletedTask;
        }, context);
        return next(context);
    }

    /// <summary>
    /// The request's nonce for an inline <c>&lt;script nonce="…"&gt;</c>: 16 random bytes in base64url (nothing an
    /// HTML encoder changes), made on first use and named in the policy of the page.
    /// </summary>
    public static string Nonce(HttpContext context)
    {
        if (context.Items[NonceKey] is not string nonce)
        {
            nonce = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
            context.Items[NonceKey] = nonce;
        }

        return nonce;
    }

    /// <summary>
    /// The policy of a page. The API reference is Scalar's single-page app: its scripts are served from here with the
    /// nonce, but it sets styles inline as it draws and shows images given as data.
    /// </summary>
    public static string PagePolicy(string nonce, PathString path)
    {
        var styles = path.StartsWithSegments(ApiReferencePath) ? "'self' 'unsafe-inline'" : "'self'";
        return $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src {styles}; img-src 'self' data:; font-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    public const string ApiReferencePath = "/api/reference";

    /// <summary>The API (but not its reference page), and files sent to be saved rather than shown.</summary>
    private static bool IsData(HttpContext context) =>
        (RolloutServer.IsApi(context.Request) && !context.Request.Path.StartsWithSegments(ApiReferencePath))
        || context.Response.Headers.ContentDisposition.ToString().StartsWith("attachment", StringComparison.OrdinalIgnoreCase);
}
