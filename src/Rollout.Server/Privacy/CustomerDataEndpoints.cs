using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Rollout.Server.Http;

using Rollout.Identity;

namespace Rollout.Privacy;

public sealed record ErasureRequest(string? Password);

/// <summary>A customer's own data: download it, or have it erased (see <see cref="CustomerData"/>).</summary>
public static class CustomerDataEndpoints
{
    public static void MapCustomerData(this WebApplication app)
    {
        var me = app.MapGroup("/api/me").WithTags("Customers").RequireAuthorization(StaffAuthentication.Customer);
        me.MapGet("/data", Export)
            .WithName("ExportMyData").WithSummary("Everything Rollout keeps about the signed-in customer, as JSON: account, addresses, orders, devices, registrations, tickets.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        me.MapPost("/erasure", Erase)
            .WithName("EraseMe").WithSummary("Erases the signed-in customer's account, confirmed with its password: personal data deleted, orders kept for tax law with the e-mail and address replaced.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> Export(ClaimsPrincipal user, HttpContext http, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var data = await CustomerData.Export(Id(user), db, clock, ct);
        if (data.IsSuccess)
        {
            http.Response.Headers.ContentDisposition = "attachment; filename=\"my-rollout-data.json\"";
        }

        return data.ToOk();
    }

    private static async Task<IResult> Erase(ErasureRequest request, ClaimsPrincipal user, UserManager<RolloutUser> users, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
        (await CustomerData.Erase(Id(user), request.Password, users, db, clock, ct)).ToOk();

    private static string Id(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier)!;
}
