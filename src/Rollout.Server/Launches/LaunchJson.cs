using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollout.Launches;

/// <summary>
/// The JSON of the launch's hottest answers made at build time (a claim's answer, a place in the room), so a crowd's
/// requests skip reflection; the other types keep the serializer's defaults. Same web naming as every answer.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ClaimAnswer))]
[JsonSerializable(typeof(RoomResponse))]
internal sealed partial class LaunchJson : JsonSerializerContext;
