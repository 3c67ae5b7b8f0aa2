using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Rollout.Storage;

namespace Rollout.Channels;

/// <summary>A new channel: <c>kind</c> is online-store, physical-store or partner.</summary>
public sealed record CreateChannelRequest(
    string? Code,
    string? Kind,
    string? Name = null,
    string? Organisation = null,
    string[]? Markets = null,
    AddressFields? Address = null,
    OpeningHoursFields[]? OpeningHours = null)
{
    [JsonIgnore]
    public ChannelFields Fields => new(Name, Organisation, Markets, Address, OpeningHours);
}

public static class CreateChannel
{
    public static async Task<Result<ChannelResponse>> Handle(CreateChannelRequest request, RolloutDb db, CancellationToken ct)
    {
        var validator = new Validator();
        var code = validator.Field("code", Slug.Parse(request.Code));
        var kind = validator.Field("kind", ChannelResponses.ParseKind(request.Kind));
        var terms = await request.Fields.Validate(validator, db, ct);
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        if (await db.Channels.AnyAsync(c => c.Code == code, ct))
        {
            return Error.Conflict("channel.exists", $"Channel '{code}' already exists; change it instead.");
        }

        var created = Channel.Create(code, kind, terms!);
        if (!created.IsSuccess)
        {
            return created.Error;
        }

        db.Channels.Add(created.Value);
        if (await db.TrySave(ct) is { } clash)
        {
            return clash;
        }

        return created.Value.ToResponse();
    }
}
