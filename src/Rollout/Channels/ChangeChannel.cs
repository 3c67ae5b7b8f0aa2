using Rollout.Storage;

namespace Rollout.Channels;

/// <summary>
/// Changes a channel. Taking a market away hides the channel's listings there at once: the catalog only shows
/// listings whose channel still sells in the market.
/// </summary>
public static class ChangeChannel
{
    public static async Task<Result<ChannelResponse>> Handle(string code, ChannelFields request, RolloutDb db, CancellationToken ct)
    {
        var found = await GetChannels.Find(code, db, ct);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var channel = found.Value;
        var validator = new Validator();
        var terms = await request.Over(ChannelFields.From(channel)).Validate(validator, db, ct);
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        var changed = channel.Change(terms!);
        if (!changed.IsSuccess)
        {
            return changed.Error;
        }

        if (await db.TrySave(ct) is { } clash)

        {

            return clash;

        }

        return channel.ToResponse();
    }
}
