using Microsoft.AspNetCore.Mvc.RazorPages;
using Rollout.Server.Http;

namespace Rollout.Server.Pages;

/// <summary>
/// What a browser shows for a page that is not there, or a request refused (the API answers with problem details
/// instead). A refused form is re-executed here as the POST it was, so the page answers both methods; it writes nothing,
/// so it asks for no antiforgery token.
/// </summary>
[Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public int Code { get; private set; }

    public string Title { get; private set; } = "";

    /// <summary>What to do next, when there is more to say than the title (a limit: when to try again).</summary>
    public string? Detail { get; private set; }

    public void OnPost(int code) => OnGet(code);

    public void OnGet(int code)
    {
        Code = code;
        var refusal = code == StatusCodes.Status429TooManyRequests ? HttpContext.Features.Get<RateLimitRefusal>() : null;
        Title = code switch
        {
            404 => "There is no such page.",
            403 => "Your account may not open this page.",
            429 => refusal?.Title ?? "Too many requests.",
            _ => "Something went wrong.",
        };
        Detail = refusal?.Detail;
    }
}
