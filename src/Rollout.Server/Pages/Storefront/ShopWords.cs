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
        "ForgotPassword", "ResetTitle", "ResetAsk", "SendLink", "NewPassword", "ResetDone", "ResetSent", "ConfirmNeeded", "SendAgain", "LinkSent", "EmailConfirmed", "ConfirmBad", "PasswordRule",
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
            "Forgot your password?", "Choose a new password", "Give your account's e-mail address: we will send you a link to choose a new password.", "Send the link", "New password", "Your password is changed and every other sign-in has ended. Sign in with the new one.", "If a customer account has this e-mail address, a link to choose a new password is on its way; it works for 2 hours.", "Confirm your e-mail address: open the link we sent to", "Send the link again", "A new link is on its way to", "Your e-mail address is confirmed. Thank you!", "This link is wrong or has expired; sign in and ask for a new one from your account.", "At least 12 characters; not a common password.",
        ],
        ["es"] =
        [
            "Añadir a la cesta", "Cesta", "Finalizar compra", "Cantidad", "Quitar", "Actualizar", "Artículos", "Envío", "Total", "IVA incluido", "Tu cesta está vacía.", "Seguir comprando",
            "Correo electrónico", "Nombre y apellidos", "Dirección", "Dirección (línea 2)", "Código postal", "Ciudad", "Enviar a", "Envío", "Pago", "Realizar pedido", "Recoger en",
            "¡Gracias! Tu pedido está hecho.", "Pedido", "Estado", "Esperando la confirmación del pago con tarjeta.", "Pagado", "Cómo pagar", "Mis pedidos", "Cuenta", "Iniciar sesión", "Crear una cuenta", "Cerrar sesión",
            "Contraseña", "Aún no tienes pedidos.", "Reservado para ti hasta las", "Ya no está reservado", "Puedes desistir en los 14 días siguientes a la entrega.", "Volver", "Agotado", "Gratis", "Puedes desistir de esta compra hasta el", "Desistir de la compra", "Desistimiento recibido el", "Los precios han cambiado desde que abriste esta página; revísalos.", "Tarjeta", "Transferencia bancaria", "Pago en tienda (solo recogida)",
            "Código del autenticador (si lo activaste)",
            "¿Has olvidado tu contraseña?", "Elige una contraseña nueva", "Indica el correo electrónico de tu cuenta: te enviaremos un enlace para elegir una contraseña nueva.", "Enviar el enlace", "Contraseña nueva", "Tu contraseña ha cambiado y se han cerrado las demás sesiones. Inicia sesión con la nueva.", "Si una cuenta de cliente tiene este correo electrónico, le llega un enlace para elegir una contraseña nueva; funciona durante 2 horas.", "Confirma tu correo electrónico: abre el enlace que enviamos a", "Enviar el enlace de nuevo", "Un enlace nuevo va de camino a", "Tu correo electrónico está confirmado. ¡Gracias!", "Este enlace no es válido o ha caducado; inicia sesión y pide uno nuevo desde tu cuenta.", "Al menos 12 caracteres; no una contraseña común.",
        ],
        ["fr"] =
        [
            "Ajouter au panier", "Panier", "Commander", "Quantité", "Retirer", "Mettre à jour", "Articles", "Livraison", "Total", "dont TVA", "Votre panier est vide.", "Continuer vos achats",
            "E-mail", "Nom complet", "Adresse", "Adresse (ligne 2)", "Code postal", "Ville", "Livrer à", "Livraison", "Paiement", "Passer la commande", "Retrait à",
            "Merci ! Votre commande est passée.", "Commande", "Statut", "En attente de la confirmation du paiement par carte.", "Payée", "Comment payer", "Mes commandes", "Compte", "Se connecter", "Créer un compte", "Se déconnecter",
            "Mot de passe", "Aucune commande pour l'instant.", "Réservé pour vous jusqu'à", "N'est plus réservé", "Vous pouvez vous rétracter dans les 14 jours suivant la livraison.", "Retour", "Épuisé", "Gratuit", "Vous pouvez vous rétracter jusqu'au", "Me rétracter", "Rétractation reçue le", "Les prix ont changé depuis l'ouverture de cette page ; vérifiez-les.", "Carte bancaire", "Virement bancaire", "Paiement en boutique (retrait uniquement)",
            "Code de l'authentificateur (si vous l'avez activé)",
            "Mot de passe oublié ?", "Choisissez un nouveau mot de passe", "Indiquez l'adresse e-mail de votre compte : nous vous enverrons un lien pour choisir un nouveau mot de passe.", "Envoyer le lien", "Nouveau mot de passe", "Votre mot de passe a changé et toutes les autres connexions sont fermées. Connectez-vous avec le nouveau.", "Si un compte client a cette adresse e-mail, un lien pour choisir un nouveau mot de passe est en route ; il est valable 2 heures.", "Confirmez votre adresse e-mail : ouvrez le lien envoyé à", "Renvoyer le lien", "Un nouveau lien est en route vers", "Votre adresse e-mail est confirmée. Merci !", "Ce lien est erroné ou a expiré ; connectez-vous et demandez-en un nouveau depuis votre compte.", "Au moins 12 caractères ; pas un mot de passe courant.",
        ],
        ["it"] =
        [
            "Aggiungi al carrello", "Carrello", "Procedi all'acquisto", "Quantità", "Rimuovi", "Aggiorna", "Articoli", "Spedizione", "Totale", "di cui IVA", "Il carrello è vuoto.", "Continua gli acquisti",
            "E-mail", "Nome e cognome", "Indirizzo", "Indirizzo (riga 2)", "CAP", "Città", "Spedire a", "Spedizione", "Pagamento", "Effettua l'ordine", "Ritiro presso",
            "Grazie! Il tuo ordine è stato effettuato.", "Ordine", "Stato", "In attesa della conferma del pagamento con carta.", "Pagato", "Come pagare", "I miei ordini", "Account", "Accedi", "Crea un account", "Esci",
            "Password", "Ancora nessun ordine.", "Riservato per te fino alle", "Non più riservato", "Puoi recedere entro 14 giorni dalla consegna.", "Indietro", "Esaurito", "Gratis", "Puoi recedere dall'acquisto fino al", "Recedi dall'acquisto", "Recesso ricevuto il", "I prezzi sono cambiati da quando hai aperto questa pagina; controllali.", "Carta", "Bonifico bancario", "Pagamento in negozio (solo ritiro)",
            "Codice dell'autenticatore (se l'hai attivato)",
            "Hai dimenticato la password?", "Scegli una nuova password", "Indica l'indirizzo e-mail del tuo account: ti invieremo un link per scegliere una nuova password.", "Invia il link", "Nuova password", "La password è cambiata e tutti gli altri accessi sono terminati. Accedi con quella nuova.", "Se un account cliente ha questo indirizzo e-mail, un link per scegliere una nuova password è in arrivo; vale 2 ore.", "Conferma il tuo indirizzo e-mail: apri il link che abbiamo inviato a", "Invia di nuovo il link", "Un nuovo link è in arrivo a", "Il tuo indirizzo e-mail è confermato. Grazie!", "Questo link è errato o scaduto; accedi e chiedine uno nuovo dal tuo account.", "Almeno 12 caratteri; non una password comune.",
        ],
    }.ToFrozenDictionary(pair => pair.Key, pair => new ShopWords(Keys.Zip(pair.Value).ToDictionary(w => w.First, w => w.Second, StringComparer.Ordinal)));

    public string this[string key] => words[key];

    /// <summary>A payment provider's name in the page's language, or the provider's own name for one this page does not know.</summary>
    public string PaymentName(string code, string name) => words.GetValueOrDefault(code, name);

    public static ShopWords For(string language) => ByLanguage.GetValueOrDefault(language) ?? ByLanguage["en"];
}
