using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rollout.Channels;
using Rollout.Identity;
using Rollout.Markets;

namespace Rollout.Server.Pages.Admin;

public sealed class MarketsModel(RolloutDb db, TimeProvider clock, IAuthorizationService authorization) : PageModel
{
    public IReadOnlyList<MarketResponse> Markets { get; private set; } = [];

    public IReadOnlyList<ChannelResponse> Channels { get; private set; } = [];

    public string? Message { get; private set; }

    public bool Failed { get; private set; }

    /// <summary>What was typed, kept when the form comes back with an error.</summary>
    public string? Code { get; private set; }

    public string? OpensAt { get; private set; }

    public Task OnGet(CancellationToken ct) => Load(ct);

    public async Task OnPost(string? code, string? opensAt, CancellationToken ct)
    {
        (Code, OpensAt) = (code, opensAt);
        if (!(await authorization.AuthorizeAsync(User, StaffAuthentication.Admin)).Succeeded)
        {
            (Failed, Message) = (true, "Only an admin can schedule a market's opening.");
        }
        else
        {
            var scheduled = await ScheduleMarketOpening.Handle(code ?? "", new ScheduleMarketOpeningRequest(opensAt), db, clock, ct);
            (Failed, Message) = scheduled.IsSuccess
                ? (false, $"{scheduled.Value.Name} now opens {scheduled.Value.OpensAtLocal:yyyy-MM-dd HH:mm} local time ({scheduled.Value.OpensAt:yyyy-MM-dd HH:mm} UTC).")
                : (true, string.Join(" ", scheduled.Error.Fields.Count > 0 ? scheduled.Error.Fields.SelectMany(f => f.Value.Select(m => $"{f.Key}: {m}")) : [scheduled.Error.Message]));
        }

        await Load(ct);
    }

    private async Task Load(CancellationToken ct)
    {
        Markets = await GetMarkets.All(db, clock, ct);
        Channels = (await GetChannels.All(null, db, ct)).Value;
    }
}
