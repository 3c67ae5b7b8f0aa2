namespace Rollout.Storage;

/// <summary>
/// A request's database context, made the first time it is asked for. Most cart and payment calls are answered from
/// memory and written by the group commit's own context, and making a context for each of them cost the server
/// about a twentieth of its time under load. A context at hand converts to one.
/// </summary>
public sealed class DbOnDemand(Func<RolloutDb> make)
{
    private RolloutDb? db;

    public RolloutDb Get() => db ??= make();

    public static implicit operator DbOnDemand(RolloutDb db) => new(() => db);
}
