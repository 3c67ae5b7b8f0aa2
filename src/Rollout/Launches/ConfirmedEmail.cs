namespace Rollout.Launches;

/// <summary>
/// A sale that requires a confirmed e-mail address (<see cref="FlashSale.RequiresConfirmedEmail"/>) checks it where a
/// customer enters it: registering, joining the waiting room, or a first claim without either. Once a customer is
/// known to have one, their <see cref="Shopper"/> remembers it, so their later claims cost a field read: no database.
/// What the caller's ticket says (a token or cookie issued after the confirmation carries it) is believed; otherwise one
/// lookup by primary key, made again on the next try while the answer is no (confirming takes effect at once).
/// A customer the sale already holds (registered, placed in the room, with a claim) entered through this check.
/// </summary>
public static class ConfirmedEmail
{
    /// <summary>The problem's code when a customer without a confirmed address is refused.</summary>
    public const string Code = "sale.email_not_confirmed";

    internal static async ValueTask<Error?> Refusal(SalePool pool, Shopper shopper, bool confirmedByTicket, LaunchBook book)
    {
        if (!pool.Sale.RequiresConfirmedEmail || shopper.EmailConfirmed)
        {
            return null;
        }

        var confirmed = confirmedByTicket || shopper.Registered || shopper.Early || shopper.PositionStored || !shopper.Keys.IsEmpty
            ? true
            : await book.EmailConfirmed(shopper.Id);
        if (confirmed is null)
        {
            return Error.Conflict("sale.busy", "We could not check your e-mail address just now; try again in a moment.");
        }

        if (confirmed.Value)
        {
            shopper.EmailConfirmed = true;
            return null;
        }

        return Error.Forbidden(Code,
            "This sale is only for customers who confirmed their e-mail address: open the link we e-mailed you (ask for a new one with POST /api/me/email-confirmation, or on your account page), then try again.");
    }
}
