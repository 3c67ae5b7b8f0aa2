using Microsoft.EntityFrameworkCore;
using Rollout.Catalog;
using Rollout.Storage;

namespace Rollout.Demo;

/// <summary>
/// The "European tour" demo: a fictional brand live in Spain, opening France on the next May 22 and Italy on the
/// next May 24, and selling through a carrier partner in seven countries. It is an ordinary catalog file.
/// </summary>
public static class LoadDemo
{
    public static string Json()
    {
        using var stream = typeof(LoadDemo).Assembly.GetManifestResourceStream("european-tour.json")
            ?? throw new InvalidOperationException("The demo catalog is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Loads the demo into an empty database; a database that has any market is left alone.</summary>
    public static async Task<Result<ImportSummary?>> IfEmpty(RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        if (await db.Markets.AnyAsync(ct))
        {
            return (ImportSummary?)null;
        }

        var imported = await ImportCatalog.Handle(Json(), db, clock, ct);
        return imported.IsSuccess ? imported.Value : imported.Error;
    }
}
