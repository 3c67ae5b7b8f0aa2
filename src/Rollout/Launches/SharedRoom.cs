using Rollout.Storage;

namespace Rollout.Launches;

/// <summary>
/// The waiting room's admission where several servers sell a sale (PostgreSQL; docs/decisions/0018-several-servers.md
/// §4): one watermark, the sale's stored <c>Admitted</c>, which any server raises and every server reads. The room
/// admits as many customers as can still win: those admitted who are still in their turn and have not won yet, plus
/// one per unit the whole sale has left. So, with <c>W</c> the stored watermark, it is raised to
/// <c>W - waiting + units left</c>: every place up to <c>W</c> that is not waiting took its turn (won, let it pass, or
/// was a gap nobody was given). The counts are the database's, so they cover every server's customers.
/// </summary>
internal static class SharedRoom
{
    /// <summary>Four times a second, off the writer, in a transaction of its own: raises the sale's admission if it can, and reads it with the last place given.</summary>
    public static async Task Keep(RolloutDb db, Batch batch, SalePool pool, Instant now)
    {
        if (!pool.DrawCommitted)
        {
            return;
        }

        var sale = pool.Sale.Code.Value;
        await using var transaction = await db.Database.BeginTransactionAsync();
        var (admitted, places) = await FlashSaleRows.Room(batch, sale);
        var unitsLeft = await FlashSaleRows.Unleased(batch, sale) + await LeaseRows.Unused(batch, sale);
        var through = admitted - await EntryRows.Waiting(batch, sale, now - SalePool.Turn) + unitsLeft;
        if (through > admitted)
        {
            await FlashSaleRows.SaveAdmission(batch, sale, through); // Never back: another server may have raised it further.
            await EntryRows.Admit(batch, sale, admitted, through, now); // Their turns start now.
            admitted = through;
        }

        await transaction.CommitAsync();
        pool.AdmitTo(admitted);
        pool.PlacedTo(places);
    }
}
