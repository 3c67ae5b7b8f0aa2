using System.Collections.Frozen;

namespace Rollout.Server.Pages.Storefront;

/// <summary>The words of the shopping pages (product, cart, checkout, orders, account) in es, fr, it and en.</summary>
public sealed class ShopWords(IReadOnlyDictionary<string, string> words)
{
    private static readonly string[] Keys =
    [
        "AddToCart", "Cart", "Checkout", "Quantity", "Remove", "Update", "Items", "Shipping", "Total", "VatOf", "EmptyCart", "Continue",
        "Email", "Name", "Line1", "Line2", "PostalCode", "City", "DeliverTo", "HowToShip", "HowToPay", "PlaceOrder", "PickupAt",
        "OrderPlaced", "Order", "Status", "AwaitingCard", "Paid", "PayHow", "MyOrders", "Account", "SignIn", "Register", "SignOut",
        "Password", "NoOrders", "Held", "NotHeld", "Withdrawal", "Back", "SoldOut", "Free", "WithdrawUntil", "Withdraw", "Withdrawn", "PricesChanged", "card", "bank-transfer", "pay-at-store",
        "AuthenticatorCode",
    ];

    private static readonly FrozenDictionary<string, ShopWords> ByLanguage = new Dictionary<string, string[]>
    {
        ["en"] =
        [
            "Add to cart", "Cart", "Checkout", "Quantity", "Remove", "Update", "Items", "Shipping", "Total", "of which VAT", "Your cart is empty.", "Continue shopping",
            "E-mail", "Full name", "Address", "Address (line 2)", "Postcode", "City", "Deliver to", "Shipping", "Payment", "Place order", "Collect at",
            "Thank you! Your order is placed.", "Order", "Status", "Waiting for the card provider to confirm the payment.", "Paid", "How to pay", "My orders", "Account", "Sign in", "Create an account", "Sign out",
            "Password", "No orders yet.", "Reserved for you until", "No longer reserved", "You may withdraw within 14 days of delivery.", "Back", "Sold out", "Free", "You may withdraw from this purchase until", "Withdraw from the purchase", "Withdrawal received on", "Prices have changed since you opened this page; please check them.", "Card", "Bank transfer", "Pay at the store (collection only)",
            "Authenticator code (if you turned it on)",
        ],
        ["es"] =
        [
            "Añadir a la cesta", "Cesta", "Finalizar compra", "Cantidad", "Quitar", "Actualizar", "Artículos", "Envío", "Total", "IVA incluido", "Tu cesta está vacía.", "Seguir comprando",
            "Correo electrónico", "Nombre y apellidos", "Dirección", "Dirección (línea 2)", "Código postal", "Ciudad", "Enviar a", "Envío", "Pago", "Realizar pedido", "Recoger en",
            "¡Gracias! Tu pedido está hecho.", "Pedido", "Estado", "Esperando la confirmación del pago con tarjeta.", "Pagado", "Cómo pagar", "Mis pedidos", "Cuenta", "Iniciar sesión", "Crear una cuenta", "Cerrar sesión",
            "Contraseña", "Aún no tienes pedidos.", "Reservado para ti hasta las", "Ya no está reservado", "Puedes desistir en los 14 días siguientes a la entrega.", "Volver", "Agotado", "Gratis", "Puedes desistir de esta compra hasta el", "Desistir de la compra", "Desistimiento recibido el", "Los precios han cambiado desde que abriste esta página; revísalos.", "Tarjeta", "Transferencia bancaria", "Pago en tienda (solo recogida)",
            "Código del autenticador (si lo activaste)",
        ],
        ["fr"] =
        [
            "Ajouter au panier", "Panier", "Commander", "Quantité", "Retirer", "Mettre à jour", "Articles", "Livraison", "Total", "dont TVA", "Votre panier est vide.", "Continuer vos achats",
            "E-mail", "Nom complet", "Adresse", "Adresse (ligne 2)", "Code postal", "Ville", "Livrer à", "Livraison", "Paiement", "Passer la commande", "Retrait à",
            "Merci ! Votre commande est passée.", "Commande", "Statut", "En attente de la confirmation du paiement par carte.", "Payée", "Comment payer", "Mes commandes", "Compte", "Se connecter", "Créer un compte", "Se déconnecter",
            "Mot de passe", "Aucune commande pour l'instant.", "Réservé pour vous jusqu'à", "N'est plus réservé", "Vous pouvez vous rétracter dans les 14 jours suivant la livraison.", "Retour", "Épuisé", "Gratuit", "Vous pouvez vous rétracter jusqu'au", "Me rétracter", "Rétractation reçue le", "Les prix ont changé depuis l'ouverture de cette page ; vérifiez-les.", "Carte bancaire", "Virement bancaire", "Paiement en boutique (retrait uniquement)",
            "Code de l'authentificateur (si vous l'avez activé)",
        ],
        ["it"] =
        [
            "Aggiungi al carrello", "Carrello", "Procedi all'acquisto", "Quantità", "Rimuovi", "Aggiorna", "Articoli", "Spedizione", "Totale", "di cui IVA", "Il carrello è vuoto.", "Continua gli acquisti",
            "E-mail", "Nome e cognome", "Indirizzo", "Indirizzo (riga 2)", "CAP", "Città", "Spedire a", "Spedizione", "Pagamento", "Effettua l'ordine", "Ritiro presso",
            "Grazie! Il tuo ordine è stato effettuato.", "Ordine", "Stato", "In attesa della conferma del pagamento con carta.", "Pagato", "Come pagare", "I miei ordini", "Account", "Accedi", "Crea un account", "Esci",
            "Password", "Ancora nessun ordine.", "Riservato per te fino alle", "Non più riservato", "Puoi recedere entro 14 giorni dalla consegna.", "Indietro", "Esaurito", "Gratis", "Puoi recedere dall'acquisto fino al", "Recedi dall'acquisto", "Recesso ricevuto il", "I prezzi sono cambiati da quando hai aperto questa pagina; controllali.", "Carta", "Bonifico bancario", "Pagamento in negozio (solo ritiro)",
            "Codice dell'autenticatore (se l'hai attivato)",
        ],
    }.ToFrozenDictionary(pair => pair.Key, pair => new ShopWords(Keys.Zip(pair.Value).ToDictionary(w => w.First, w => w.Second, StringComparer.Ordinal)));

    public string this[string key] => words[key];

    /// <summary>A payment provider's name in the page's language, or the provider's own name for one this page does not know.</summary>
    public string PaymentName(string code, string name) => words.GetValueOrDefault(code, name);

    public static ShopWords For(string language) => ByLanguage.GetValueOrDefault(language) ?? ByLanguage["en"];
}
