using System.Globalization;
using System.Text;
using Rollout.Mail;
using Rollout.Markets;

namespace Rollout.Orders;

/// <summary>The e-mails an order sends, in the language of its market: the confirmation and the shipping notice.</summary>
public static class OrderMail
{
    private sealed record Words(string Confirmed, string Shipped, string Thanks, string ShippedBody, string Total, string Shipping, string Vat, string Pay, string Withdrawal, string Paid, string PaidBody);

    private static readonly Dictionary<string, Words> Languages = new(StringComparer.Ordinal)
    {
        ["en"] = new("Order {0} received", "Order {0} is on its way", "Thank you for your order.", "Your order has left our warehouse with {0}, tracking number {1}.", "Total", "Shipping", "of which VAT", "To pay", "You may withdraw from this purchase within 14 days of delivery.", "Payment received: order {0} is confirmed", "We have received your payment of {0}; your order is confirmed and being prepared."),
        ["es"] = new("Pedido {0} recibido", "Tu pedido {0} está en camino", "Gracias por tu pedido.", "Tu pedido ha salido de nuestro almacén con {0}, número de seguimiento {1}.", "Total", "Envío", "IVA incluido", "Pago", "Puedes desistir de esta compra en los 14 días siguientes a la entrega.", "Pago recibido: pedido {0} confirmado", "Hemos recibido tu pago de {0}; tu pedido está confirmado y lo estamos preparando."),
        ["fr"] = new("Commande {0} reçue", "Votre commande {0} est en route", "Merci pour votre commande.", "Votre commande a quitté notre entrepôt avec {0}, numéro de suivi {1}.", "Total", "Livraison", "dont TVA", "Paiement", "Vous pouvez vous rétracter dans les 14 jours suivant la livraison.", "Paiement reçu : commande {0} confirmée", "Nous avons reçu votre paiement de {0} ; votre commande est confirmée et en préparation."),
        ["it"] = new("Ordine {0} ricevuto", "Il tuo ordine {0} è in viaggio", "Grazie per il tuo ordine.", "Il tuo ordine è partito dal nostro magazzino con {0}, numero di tracciamento {1}.", "Totale", "Spedizione", "di cui IVA", "Pagamento", "Puoi recedere dall'acquisto entro 14 giorni dalla consegna.", "Pagamento ricevuto: ordine {0} confermato", "Abbiamo ricevuto il tuo pagamento di {0}; il tuo ordine è confermato e in preparazione."),
        ["de"] = new("Bestellung {0} eingegangen", "Ihre Bestellung {0} ist unterwegs", "Vielen Dank für Ihre Bestellung.", "Ihre Bestellung hat unser Lager mit {0} verlassen, Sendungsnummer {1}.", "Summe", "Versand", "davon MwSt.", "Zahlung", "Sie können innerhalb von 14 Tagen nach Lieferung widerrufen.", "Zahlung erhalten: Bestellung {0} bestätigt", "Wir haben Ihre Zahlung von {0} erhalten; Ihre Bestellung ist bestätigt und wird vorbereitet."),
    };

    public static OutboxMessage Confirmation(Order order, Market market, string paymentInstructions, Instant now)
    {
        var (words, culture) = For(market);
        string Money(long minor) => Rollout.Common.Money.FromMinorUnits(minor, order.Currency).Format(culture);
        var body = new StringBuilder();
        body.AppendLine(words.Thanks).AppendLine().AppendLine(order.Number).AppendLine();
        foreach (var line in order.Lines)
        {
            body.AppendLine(CultureInfo.InvariantCulture, $"{line.Quantity} × {line.Name ?? line.Sku.Value}  {Money(line.TotalMinorUnits)}");
        }

        body.AppendLine(CultureInfo.InvariantCulture, $"{words.Shipping}: {order.ShippingName}  {Money(order.ShippingTotalMinorUnits)}");
        body.AppendLine(CultureInfo.InvariantCulture, $"{words.Total}: {Money(order.TotalMinorUnits)} ({words.Vat} {Money(order.VatMinorUnits)})");
        body.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"{words.Pay}: {paymentInstructions}");
        if (EuropeanUnion.Includes(order.Market))
        {
            body.AppendLine().AppendLine(words.Withdrawal);
        }

        return OutboxMessage.Write(order.Email, string.Format(culture, words.Confirmed, order.Number), body.ToString(), order.Number, now);
    }

    public static OutboxMessage Paid(Order order, Market market, Instant now)
    {
        var (words, culture) = For(market);
        var amount = order.Total.Format(culture);
        return OutboxMessage.Write(order.Email, string.Format(culture, words.Paid, order.Number), string.Format(culture, words.PaidBody, amount) + Environment.NewLine, order.Number, now);
    }

    public static OutboxMessage Shipped(Order order, Market market, Instant now)
    {
        var (words, culture) = For(market);
        var body = string.Format(culture, words.ShippedBody, order.Carrier, order.TrackingNumber);
        return OutboxMessage.Write(order.Email, string.Format(culture, words.Shipped, order.Number), body + Environment.NewLine, order.Number, now);
    }

    private static (Words Words, CultureInfo Culture) For(Market market) =>
        (Languages.GetValueOrDefault(market.Language) ?? Languages["en"], market.Culture);
}
