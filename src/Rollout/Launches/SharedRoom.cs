using Rollout.Storage;

namespace Rollout.Launches;

/// <summary>
/// The waiting room's admission where several servers sell a sale (PostgreSQL; docs/decisions/0018-several-servers.md
/// §4): one watermark, the sale's stored <c>Admitted</c>, which any server raises and every server reads. The room
/// admits as many customers as can still win: those admitted who are still in their turn and have not won, plus one
/// per unit the whole sale has left. With <c>W</c> the watermark and <c>P</c> the last place given, every place up to
/// <c>min(W, P)</c> that is not waiting took its turn (won, let it pass, or was a gap nobody was given), so <c>W</c> is
/// raised to <c>min(W, P) - waiting + units left</c>. The counts are the database's, read in one statement, so they
/// cover every server's customers.
/// </summary>
internal static class SharedRoom
{
    /// <summary>
    /// Four times a second, off the writer: raises the sale's admission if it can (the sale's row alone, committed at
    /// once, so it is never held while entries are written), marks the places admitted (their turns start), and reads
    /// the watermark and the last place given into memory.
    /// </summary>
    public static async Task Keep(Batch batch, SalePool pool, Instant now)
    {
        if (!pool.DrawCommitted)
        {
            return;
        }

        var sale = pool.Sale.Code.Value;
        var (admitted, places, unitsLeft, waiting) = await FlashSaleRows.RoomFigures(batch, sale, now - SalePool.Turn);
        var through = Math.Min(admitted, places) - waiting + unitsLeft;
        if (through > admitted)
        {
            await FlashSaleRows.SaveAdmission(batch, sale, through); // Never back: another server may have raised it further.
            admitted = through;
        }

        await EntryRows.Admit(batch, sale, admitted, now); // Their turns start now (and places stored below it meanwhile).
        pool.AdmitTo(admitted);
        pool.PlacedTo(places);
    }
}
