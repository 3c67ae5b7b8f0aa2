using System.Collections.Frozen;

namespace Rollout.Server.Pages.Storefront;

/// <summary>The storefront's words in the languages the demo has translations for; English otherwise.</summary>
public sealed record StorefrontText(
    string OnSale,
    string ComingSoon,
    string OpensOn,
    string OpensIn,
    string Days,
    string Empty,
    string Channel,
    string Stores,
    string ClosedDay,
    string SoldBy,
    string MarketClosed,
    string Tagline,
    string ChangeCountry,
    string NoChannel,
    string VatIncluded,
    string LowestPrior)
{
    private static readonly FrozenDictionary<string, StorefrontText> ByLanguage = new Dictionary<string, StorefrontText>
    {
        ["en"] = new("On sale now", "Coming soon", "We open on", "Opens in", "days", "Nothing is on sale here through this channel.", "Sold through", "Our stores", "Closed", "Sold by", "This market is closed.", "New player, new attitude", "Change country", "We do not sell here yet.", "VAT included", "Lowest price of the previous 30 days"),
        ["es"] = new("A la venta", "Muy pronto", "Abrimos el", "Abrimos en", "días", "No hay nada a la venta en este canal.", "Canal", "Nuestras tiendas", "Cerrado", "Vendido por", "Este mercado está cerrado.", "Nuevo jugador, nueva actitud", "Cambiar de país", "Todavía no vendemos aquí.", "IVA incluido", "Precio más bajo de los 30 días anteriores"),
        ["fr"] = new("En vente", "Bientôt disponible", "Ouverture le", "Ouverture dans", "jours", "Rien n'est en vente sur ce canal.", "Canal", "Nos boutiques", "Fermé", "Vendu par", "Ce marché est fermé.", "Nouveau joueur, nouvelle attitude", "Changer de pays", "Nous ne vendons pas encore ici.", "TVA incluse", "Prix le plus bas des 30 jours précédents"),
        ["it"] = new("In vendita", "Prossimamente", "Apriamo il", "Apriamo tra", "giorni", "Nessun prodotto in vendita su questo canale.", "Canale", "I nostri negozi", "Chiuso", "Venduto da", "Questo mercato è chiuso.", "Nuovo giocatore, nuovo atteggiamento", "Cambia paese", "Non vendiamo ancora qui.", "IVA inclusa", "Prezzo più basso dei 30 giorni precedenti"),
    }.ToFrozenDictionary();

    /// <summary>The text for a language, and the language actually used.</summary>
    public static (StorefrontText Text, string Language) For(string language) =>
        ByLanguage.TryGetValue(language, out var text) ? (text, language) : (ByLanguage["en"], "en");
}
