namespace Rollout.Channels;

public sealed record ChannelResponse(
    string Code,
    string Kind,
    string Name,
    string? Organisation,
    IReadOnlyList<string> Markets,
    AddressFields? Address,
    IReadOnlyList<OpeningHoursFields> OpeningHours);

public static class ChannelResponses
{
    public static string KindName(ChannelKind kind) => kind switch
    {
        ChannelKind.OnlineStore => "online-store",
        ChannelKind.PhysicalStore => "physical-store",
        _ => "partner",
    };

    public static Result<ChannelKind> ParseKind(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "online-store" => ChannelKind.OnlineStore,
        "physical-store" => ChannelKind.PhysicalStore,
        "partner" => ChannelKind.Partner,
        _ => Error.Invalid("kind", "channel.kind", $"'{text}' is not a channel kind; use online-store, physical-store or partner."),
    };

    public static ChannelResponse ToResponse(this Channel channel)
    {
        var fields = ChannelFields.From(channel);
        return new(channel.Code.Value, KindName(channel.Kind), channel.Name, channel.Organisation, fields.Markets!, fields.Address, fields.OpeningHours!);
    }
}
