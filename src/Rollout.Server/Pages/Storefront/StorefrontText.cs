using System.Collections.Frozen;

namespace Rollout.Server.Pages.Storefront;

/// <summary>The storefront's words in the languages the demo has translations for; English otherwise.</summary>
public sealed class StorefrontText
{
    private static readonly FrozenDictionary<string, StorefrontText> ByLanguage = new Dictionary<string, StorefrontText>
    {
        ["en"] = new("On sale now", "Coming soon", "We open on", "Opens in", "days", "Nothing is on sale here through this channel.", "Sold through", "Our stores", "Closed", "Memory", "Sold by", "This market is closed.", "New player, new attitude"),
        ["es"] = new("A la venta", "Muy pronto", "Abrimos el", "Abrimos en", "días", "No hay nada a la venta en este canal.", "Canal", "Nuestras tiendas", "Cerrado", "Memoria", "Vendido por", "Este mercado está cerrado.", "Nuevo jugador, nueva actitud"),
        ["fr"] = new("En vente", "Bientôt disponible", "Ouverture le", "Ouverture dans", "jours", "Rien n'est en vente sur ce canal.", "Canal", "Nos boutiques", "Fermé", "Mémoire", "Vendu par", "Ce marché est fermé.", "Nouveau joueur, nouvelle attitude"),
        ["it"] = new("In vendita", "Prossimamente", "Apriamo il", "Apriamo tra", "giorni", "Nessun prodotto in vendita su questo canale.", "Canale", "I nostri negozi", "Chiuso", "Memoria", "Venduto da", "Questo mercato è chiuso.", "Nuovo giocatore, nuovo atteggiamento"),
    }.ToFrozenDictionary();

    private StorefrontText(string onSale, string comingSoon, string opensOn, string opensIn, string days, string empty, string channel, string stores, string closedDay, string memory, string soldBy, string marketClosed, string tagline)
    {
        OnSale = onSale;
        ComingSoon = comingSoon;
        OpensOn = opensOn;
        OpensIn = opensIn;
        Days = days;
        Empty = empty;
        Channel = channel;
        Stores = stores;
        ClosedDay = closedDay;
        Memory = memory;
        SoldBy = soldBy;
        MarketClosed = marketClosed;
        Tagline = tagline;
    }

    public string OnSale { get; }

    public string ComingSoon { get; }

    public string OpensOn { get; }

    public string OpensIn { get; }

    public string Days { get; }

    public string Empty { get; }

    public string Channel { get; }

    public string Stores { get; }

    public string ClosedDay { get; }

    public string Memory { get; }

    public string SoldBy { get; }

    public string MarketClosed { get; }

    public string Tagline { get; }

    /// <summary>The text for a language, and the language actually used.</summary>
    public static (StorefrontText Text, string Language) For(string language) =>
        ByLanguage.TryGetValue(language, out var text) ? (text, language) : (ByLanguage["en"], "en");
}
