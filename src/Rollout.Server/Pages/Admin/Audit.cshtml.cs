using NodaTime;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rollout.Audit;
using Rollout.Identity;

namespace Rollout.Server.Pages.Admin;

/// <summary>The audit log (admins): what staff did, newest first, filtered by who, what, subject and days (UTC).</summary>
[Authorize(Policy = StaffAuthentication.Admin)]
public sealed class AuditModel(RolloutDb db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Subject { get; set; }

    /// <summary>The first day shown (UTC, yyyy-MM-dd).</summary>
    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    /// <summary>The last day shown (UTC, yyyy-MM-dd), whole.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Until { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? Before { get; set; }

    public AuditPage Entries { get; private set; } = new([], null);

    public string? Problem { get; private set; }

    public async Task OnGet(CancellationToken ct)
    {
        var from = Day(From, nameof(From));
        var until = Day(Until, nameof(Until))?.PlusDays(1);
        if (Problem is null)
        {
            Entries = await ReadAudit.Page(new AuditFilter(Actor, Action, Subject, from?.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant(), until?.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant()), Before, 50, db, ct);
        }
    }

    /// <summary>The query string of the next page: these filters, older entries.</summary>
    public string NextPage(long before) =>
        QueryString.Create(new Dictionary<string, string?> { ["actor"] = Actor, ["action"] = Action, ["subject"] = Subject, ["from"] = From, ["until"] = Until, ["before"] = before.ToString(CultureInfo.InvariantCulture) }).ToString();

    private LocalDate? Day(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parsed = NodaTime.Text.LocalDatePattern.Iso.Parse(text.Trim());
        if (!parsed.Success)
        {
            Problem = $"{field.ToLowerInvariant()}: '{text}' is not a day such as 2027-05-22.";
            return null;
        }

        return parsed.Value;
    }
}
