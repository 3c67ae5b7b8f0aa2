using Microsoft.AspNetCore.Mvc.RazorPages;
using Rollout.Launches;

namespace Rollout.Server.Pages.Admin;

/// <summary>The launch events and their flash sales, each linking to its live dashboard.</summary>
public sealed class LaunchesModel(RolloutDb db) : PageModel
{
    public IReadOnlyList<(LaunchResponse Launch, IReadOnlyList<FlashSaleResponse> Sales)> Launches { get; private set; } = [];

    public async Task OnGet(CancellationToken ct)
    {
        var all = new List<(LaunchResponse, IReadOnlyList<FlashSaleResponse>)>();
        foreach (var launch in (await GetLaunches.All(null, db, ct)).Value)
        {
            all.Add((launch, (await GetLaunches.Sales(launch.Code, db, ct)).Value));
        }

        Launches = all;
    }
}
