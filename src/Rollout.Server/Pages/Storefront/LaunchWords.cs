using System.Collections.Frozen;

namespace Rollout.Server.Pages.Storefront;

/// <summary>The words of the launch page (countdown, registration, waiting room, claim) in en, es, fr and it.</summary>
public sealed class LaunchWords(IReadOnlyDictionary<string, string> words)
{
    private readonly IReadOnlyDictionary<string, string> words = words;

    private static readonly FrozenDictionary<string, LaunchWords> ByLanguage = new Dictionary<string, Dictionary<string, string>>
    {
        ["en"] = new()
        {
            ["Launch"] = "Launch", ["Launches"] = "Launch events", ["OpensIn"] = "Opens in", ["OpensAt"] = "Opens", ["ClosesAt"] = "Closes", ["Open"] = "On sale now",
            ["SoldOut"] = "Sold out", ["Closed"] = "Closed", ["Upcoming"] = "Coming soon", ["UnitsLeft"] = "left", ["Of"] = "of", ["PerCustomer"] = "per customer",
            ["SignIn"] = "Sign in to register and take part", ["Register"] = "Register for this sale", ["Registered"] = "You are registered.",
            ["RegisterBefore"] = "Only customers registered before", ["RegistrationClosed"] = "Registration is closed.",
            ["Join"] = "Join the waiting room", ["InRoom"] = "You are in the waiting room. At the opening, everyone waiting is put in a random order: coming early earns nothing.",
            ["Place"] = "Your place", ["Ahead"] = "still to be admitted before you", ["YourTurn"] = "It's your turn: claim your unit.", ["Claim"] = "Claim mine",
            ["Won"] = "You won one! Check it out before", ["CheckOut"] = "Check out at the launch price", ["Ordered"] = "Ordered", ["Expired"] = "Time ran out",
            ["not_open"] = "The sale is not open yet.", ["closed"] = "The sale is closed.", ["not_registered"] = "Only customers who registered in time may claim.",
            ["over_limit"] = "You already have as many as one customer may.", ["sold_out"] = "Sold out: units whose winners do not check out in time come back.",
            ["Days"] = "d", ["expired"] = "You won one with this click but did not check it out in time; it went back on sale.", ["queued"] = "You are in the queue.", ["LaunchPrice"] = "Launch price", ["Venue"] = "Where",
            ["EmailRequired"] = "This sale is only for customers who confirmed their e-mail address (against throwaway accounts). Open the link we sent you, or ask for a new one:", ["ConfirmLink"] = "my account",
        },
        ["es"] = new()
        {
            ["Launch"] = "Lanzamiento", ["Launches"] = "Lanzamientos", ["OpensIn"] = "Abre en", ["OpensAt"] = "Abre", ["ClosesAt"] = "Cierra", ["Open"] = "A la venta",
            ["SoldOut"] = "Agotado", ["Closed"] = "Cerrado", ["Upcoming"] = "Próximamente", ["UnitsLeft"] = "quedan", ["Of"] = "de", ["PerCustomer"] = "por cliente",
            ["SignIn"] = "Inicia sesión para inscribirte y participar", ["Register"] = "Inscribirme en esta venta", ["Registered"] = "Estás inscrito.",
            ["RegisterBefore"] = "Solo para clientes inscritos antes de", ["RegistrationClosed"] = "La inscripción está cerrada.",
            ["Join"] = "Entrar en la sala de espera", ["InRoom"] = "Estás en la sala de espera. En la apertura, todos los que esperan se ordenan al azar: llegar antes no da ventaja.",
            ["Place"] = "Tu puesto", ["Ahead"] = "por admitir antes que tú", ["YourTurn"] = "Es tu turno: reclama tu unidad.", ["Claim"] = "Quiero el mío",
            ["Won"] = "¡Has conseguido uno! Finaliza la compra antes de las", ["CheckOut"] = "Comprar al precio de lanzamiento", ["Ordered"] = "Pedido", ["Expired"] = "Se acabó el tiempo",
            ["not_open"] = "La venta aún no ha abierto.", ["closed"] = "La venta ha cerrado.", ["not_registered"] = "Solo pueden reclamar los clientes inscritos a tiempo.",
            ["over_limit"] = "Ya tienes el máximo por cliente.", ["sold_out"] = "Agotado: las unidades que no se compren a tiempo vuelven.",
            ["Days"] = "d", ["expired"] = "Conseguiste uno pero no finalizaste la compra a tiempo; ha vuelto a la venta.", ["queued"] = "Estás en la cola.", ["LaunchPrice"] = "Precio de lanzamiento", ["Venue"] = "Dónde",
            ["EmailRequired"] = "Esta venta es solo para clientes que han confirmado su correo electrónico (contra las cuentas desechables). Abre el enlace que te enviamos o pide uno nuevo:", ["ConfirmLink"] = "mi cuenta",
        },
        ["fr"] = new()
        {
            ["Launch"] = "Lancement", ["Launches"] = "Lancements", ["OpensIn"] = "Ouverture dans", ["OpensAt"] = "Ouverture", ["ClosesAt"] = "Fermeture", ["Open"] = "En vente",
            ["SoldOut"] = "Épuisé", ["Closed"] = "Terminé", ["Upcoming"] = "Bientôt", ["UnitsLeft"] = "restants", ["Of"] = "sur", ["PerCustomer"] = "par client",
            ["SignIn"] = "Connectez-vous pour vous inscrire et participer", ["Register"] = "M'inscrire à cette vente", ["Registered"] = "Vous êtes inscrit.",
            ["RegisterBefore"] = "Réservé aux clients inscrits avant le", ["RegistrationClosed"] = "Les inscriptions sont closes.",
            ["Join"] = "Entrer dans la salle d'attente", ["InRoom"] = "Vous êtes dans la salle d'attente. À l'ouverture, tous ceux qui attendent sont placés au hasard : arriver tôt ne donne aucun avantage.",
            ["Place"] = "Votre place", ["Ahead"] = "encore à admettre avant vous", ["YourTurn"] = "C'est votre tour : réservez votre exemplaire.", ["Claim"] = "Je le veux",
            ["Won"] = "Vous en avez un ! Finalisez l'achat avant", ["CheckOut"] = "Acheter au prix de lancement", ["Ordered"] = "Commandé", ["Expired"] = "Temps écoulé",
            ["not_open"] = "La vente n'est pas encore ouverte.", ["closed"] = "La vente est terminée.", ["not_registered"] = "Seuls les clients inscrits à temps peuvent réserver.",
            ["over_limit"] = "Vous avez déjà le maximum par client.", ["sold_out"] = "Épuisé : les exemplaires non achetés à temps reviennent.",
            ["Days"] = "j", ["expired"] = "Vous en aviez un mais l'achat n'a pas été finalisé à temps ; il est remis en vente.", ["queued"] = "Vous êtes dans la file.", ["LaunchPrice"] = "Prix de lancement", ["Venue"] = "Lieu",
            ["EmailRequired"] = "Cette vente est réservée aux clients qui ont confirmé leur adresse e-mail (contre les comptes jetables). Ouvrez le lien que nous vous avons envoyé, ou demandez-en un nouveau :", ["ConfirmLink"] = "mon compte",
        },
        ["it"] = new()
        {
            ["Launch"] = "Lancio", ["Launches"] = "Lanci", ["OpensIn"] = "Apre tra", ["OpensAt"] = "Apre", ["ClosesAt"] = "Chiude", ["Open"] = "In vendita",
            ["SoldOut"] = "Esaurito", ["Closed"] = "Chiuso", ["Upcoming"] = "Presto", ["UnitsLeft"] = "rimasti", ["Of"] = "su", ["PerCustomer"] = "per cliente",
            ["SignIn"] = "Accedi per iscriverti e partecipare", ["Register"] = "Iscrivimi a questa vendita", ["Registered"] = "Sei iscritto.",
            ["RegisterBefore"] = "Solo per i clienti iscritti prima del", ["RegistrationClosed"] = "Le iscrizioni sono chiuse.",
            ["Join"] = "Entra nella sala d'attesa", ["InRoom"] = "Sei nella sala d'attesa. All'apertura chi aspetta viene messo in ordine casuale: arrivare prima non dà vantaggi.",
            ["Place"] = "Il tuo posto", ["Ahead"] = "ancora da ammettere prima di te", ["YourTurn"] = "Tocca a te: prenota il tuo.", ["Claim"] = "Lo voglio",
            ["Won"] = "Ne hai uno! Completa l'acquisto entro le", ["CheckOut"] = "Acquista al prezzo di lancio", ["Ordered"] = "Ordinato", ["Expired"] = "Tempo scaduto",
            ["not_open"] = "La vendita non è ancora aperta.", ["closed"] = "La vendita è chiusa.", ["not_registered"] = "Possono prenotare solo i clienti iscritti in tempo.",
            ["over_limit"] = "Hai già il massimo per cliente.", ["sold_out"] = "Esaurito: le unità non acquistate in tempo tornano disponibili.",
            ["Days"] = "g", ["expired"] = "Ne avevi uno ma non hai completato l'acquisto in tempo; è tornato in vendita.", ["queued"] = "Sei in coda.", ["LaunchPrice"] = "Prezzo di lancio", ["Venue"] = "Dove",
            ["EmailRequired"] = "Questa vendita è solo per i clienti che hanno confermato il proprio indirizzo e-mail (contro gli account usa e getta). Apri il link che ti abbiamo inviato o chiedine uno nuovo:", ["ConfirmLink"] = "il mio account",
        },
    }.ToFrozenDictionary(l => l.Key, l => new LaunchWords(l.Value));

    public string this[string key] => words.TryGetValue(key, out var word) ? word : ByLanguage["en"].words[key];

    public static LaunchWords For(string language) => ByLanguage.GetValueOrDefault(language) ?? ByLanguage["en"];
}
