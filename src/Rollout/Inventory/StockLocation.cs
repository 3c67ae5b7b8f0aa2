namespace Rollout.Inventory;

/// <summary>Where stock is kept.</summary>
public enum LocationKind
{
    /// <summary>A warehouse that ships to the markets it serves.</summary>
    Warehouse,
    /// <summary>A physical store's stock room.</summary>
    Store,
}

/// <summary>A place that holds units: a warehouse serving some markets, or a store.</summary>
public sealed class StockLocation
{
    private StockLocation()
    {
    }

    public Slug Code { get; private set; }

    public string Name { get; private set; } = "";

    public LocationKind Kind { get; private set; }

    public List<CountryCode> Serves { get; private set; } = [];

    public static StockLocation Create(Slug code, string name, LocationKind kind, IReadOnlyList<CountryCode> serves) =>
        new() { Code = code, Name = name, Kind = kind, Serves = [.. serves.Distinct()] };
}
