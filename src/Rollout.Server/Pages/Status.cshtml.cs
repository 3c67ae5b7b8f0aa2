using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Rollout.Server.Pages;

/// <summary>What a browser shows for a page that is not there (the API answers with problem details instead).</summary>
public sealed class StatusModel : PageModel
{
    public int Code { get; private set; }

    public string Title { get; private set; } = "";

    public void OnGet(int code)
    {
        Code = code;
        Title = code switch
        {
            404 => "There is no such page.",
            403 => "Your account may not open this page.",
            _ => "Something went wrong.",
        };
    }
}
