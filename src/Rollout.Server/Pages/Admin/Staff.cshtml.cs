using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rollout.Identity;

namespace Rollout.Server.Pages.Admin;

/// <summary>
/// Staff accounts for admins: a page of them with their roles and state; change roles, disable or enable, set a
/// password (to be changed at the next sign-in), reset a second factor, add one. Every change ends the account's sessions at once.
/// </summary>
[Authorize(Policy = StaffAuthentication.AdminInPerson)]
public sealed class StaffModel(UserManager<RolloutUser> users, RoleManager<IdentityRole> roleManager, RolloutDb db, SessionCheck check, TimeProvider clock) : PageModel
{
    public StaffPage List { get; private set; } = new([], 1, 50, 0);

    public string? Problem { get; private set; }

    public string? Done { get; private set; }

    public async Task<IActionResult> OnGet(int? page, CancellationToken ct)
    {
        var list = await ListStaff.Handle(page, null, db, ct);
        if (!list.IsSuccess)
        {
            return BadRequest();
        }

        List = list.Value;
        return Page();
    }

    public Task<IActionResult> OnPostRoles(string email, string[]? roles, CancellationToken ct) =>
        Act(async () => Outcome(await ChangeStaff.Handle(email, new ChangeStaffRequest(roles ?? [], null), users, roleManager, db, check, clock, ct), $"{email}'s roles are changed; their sessions ended."), ct);

    public Task<IActionResult> OnPostDisabled(string email, bool disabled, CancellationToken ct) =>
        Act(async () => Outcome(await ChangeStaff.Handle(email, new ChangeStaffRequest(null, disabled), users, roleManager, db, check, clock, ct), disabled ? $"{email} is disabled; their sessions ended." : $"{email} is enabled."), ct);

    public Task<IActionResult> OnPostPassword(string email, string? password, CancellationToken ct) =>
        Act(async () => Outcome(await SetStaffPassword.Handle(email, new SetStaffPasswordRequest(password, true), users, db, check, clock, ct), $"{email} has a new password, to be changed at their next sign-in."), ct);

    public Task<IActionResult> OnPostResetSecondFactor(string email, CancellationToken ct) =>
        Act(async () => Outcome(await ResetStaffSecondFactor.Handle(email, users, db, check, clock, ct), $"{email}'s second factor is reset; their sessions ended."), ct);

    public Task<IActionResult> OnPostAdd(string? email, string? password, string[]? roles, CancellationToken ct) =>
        Act(async () => Outcome(await AddStaff.Handle(new AddStaffRequest(email, password, roles ?? []), users, roleManager), $"{email} is added."), ct);

    private static (Error? Error, string Done) Outcome<T>(Result<T> result, string done) => (result.IsSuccess ? null : result.Error, done);

    private async Task<IActionResult> Act(Func<Task<(Error? Error, string Done)>> step, CancellationToken ct)
    {
        var (error, done) = await step();
        if (error is null)
        {
            // Changing one's own roles or password ends one's own session too; the next page asks to sign in again.
            Done = done;
        }
        else
        {
            Problem = error.Fields.Count == 0 ? error.Message : string.Join(" · ", error.Fields.SelectMany(f => f.Value.Select(r => $"{f.Key}: {r}")));
        }

        List = (await ListStaff.Handle(null, null, db, ct)).Value;
        return Page();
    }
}
