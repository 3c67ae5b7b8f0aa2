using Rollout.Identity;
using Rollout.Server.Http;

namespace Rollout.Channels;

public static class ChannelEndpoints
{
    public static void MapChannels(this WebApplication app)
    {
        var channels = app.MapGroup("/api/channels").WithTags("Channels");
        channels.MapGet("/", async (string? market, RolloutDb db, CancellationToken ct) => (await GetChannels.All(market, db, ct)).ToOk())
            .AllowAnonymous().WithName("ListChannels").WithSummary("Online stores, physical stores and partners; ?market=FR keeps those that sell in France.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        channels.MapGet("/{code}", async (string code, RolloutDb db, CancellationToken ct) =>
                (await GetChannels.Find(code, db, ct)).Map(c => c.ToResponse()).ToOk())
            .AllowAnonymous().WithName("GetChannel").WithSummary("One channel by its code.")
            .ProducesProblems(StatusCodes.Status404NotFound);

        var staff = channels.MapGroup("").RequireAuthorization(StaffAuthentication.Admin);
        staff.MapPost("/", async (CreateChannelRequest request, RolloutDb db, CancellationToken ct) =>
                (await CreateChannel.Handle(request, db, ct)).ToCreated(c => $"/api/channels/{c.Code}"))
            .WithName("CreateChannel").WithSummary("Creates an online store, a physical store or a partner; it may only sell in existing markets.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
        staff.MapPatch("/{code}", async (string code, ChannelFields request, RolloutDb db, CancellationToken ct) =>
                (await ChangeChannel.Handle(code, request, db, ct)).ToOk())
            .WithName("ChangeChannel").WithSummary("Changes a channel; fields left out keep their value.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
    }
}
