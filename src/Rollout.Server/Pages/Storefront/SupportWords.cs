using System.Collections.Frozen;

namespace Rollout.Server.Pages.Storefront;

/// <summary>The words of the support pages (my devices, warranty, get help, a ticket's timeline) in en, es, fr and it.</summary>
public sealed class SupportWords(IReadOnlyDictionary<string, string> words)
{
    private readonly IReadOnlyDictionary<string, string> words = words;

    private static readonly FrozenDictionary<string, SupportWords> ByLanguage = new Dictionary<string, Dictionary<string, string>>
    {
        ["en"] = new()
        {
            ["MyDevices"] = "My devices", ["GetHelp"] = "Get help", ["NoDevices"] = "No devices yet: the phones and devices of your orders appear here once shipped.",
            ["Warranty"] = "Warranty", ["in_warranty"] = "In warranty", ["expired"] = "Warranty ended", ["not_started"] = "Starts at delivery", ["none"] = "No warranty",
            ["Until"] = "until", ["CheckWarranty"] = "Check a warranty", ["Imei"] = "IMEI (dial *#06#)", ["Check"] = "Check",
            ["Register"] = "Add a device bought elsewhere", ["Proof"] = "Proof of purchase (photo or PDF)", ["Send"] = "Send", ["Pending"] = "waiting for our check", ["accepted"] = "accepted", ["refused"] = "refused", ["pending"] = "waiting for our check",
            ["Device"] = "Device", ["Problem"] = "What is wrong?", ["Photo"] = "A photo (optional)", ["OpenTicket"] = "Ask for a repair",
            ["Ticket"] = "Repair", ["Tickets"] = "My repairs", ["Timeline"] = "What happened", ["FreeRepair"] = "Free repair: in warranty", ["PaidRepair"] = "Paid repair: out of warranty",
            ["Centre"] = "Service centre", ["you"] = "you", ["service centre"] = "service centre", ["staff"] = "Lumio", ["partner"] = "your seller", ["customer"] = "you",
            ["opened"] = "opened", ["received"] = "received", ["diagnosed"] = "diagnosed", ["repaired"] = "repaired", ["replaced"] = "replaced", ["refunded"] = "refunded",
            ["rejected"] = "rejected", ["returned"] = "returned to you", ["closed"] = "closed", ["SignInFirst"] = "Sign in to see your devices and ask for help.", ["Sold"] = "sold in",
        },
        ["es"] = new()
        {
            ["MyDevices"] = "Mis dispositivos", ["GetHelp"] = "Pedir ayuda", ["NoDevices"] = "Aún no hay dispositivos: los de tus pedidos aparecen aquí al enviarse.",
            ["Warranty"] = "Garantía", ["in_warranty"] = "En garantía", ["expired"] = "Garantía terminada", ["not_started"] = "Empieza con la entrega", ["none"] = "Sin garantía",
            ["Until"] = "hasta el", ["CheckWarranty"] = "Consultar una garantía", ["Imei"] = "IMEI (marca *#06#)", ["Check"] = "Consultar",
            ["Register"] = "Añadir un dispositivo comprado en otro sitio", ["Proof"] = "Prueba de compra (foto o PDF)", ["Send"] = "Enviar", ["Pending"] = "pendiente de revisión", ["accepted"] = "aceptado", ["refused"] = "rechazado", ["pending"] = "pendiente de revisión",
            ["Device"] = "Dispositivo", ["Problem"] = "¿Qué le pasa?", ["Photo"] = "Una foto (opcional)", ["OpenTicket"] = "Solicitar reparación",
            ["Ticket"] = "Reparación", ["Tickets"] = "Mis reparaciones", ["Timeline"] = "Qué ha pasado", ["FreeRepair"] = "Reparación gratuita: en garantía", ["PaidRepair"] = "Reparación de pago: fuera de garantía",
            ["Centre"] = "Servicio técnico", ["you"] = "tú", ["service centre"] = "servicio técnico", ["staff"] = "Lumio", ["partner"] = "tu vendedor", ["customer"] = "tú",
            ["opened"] = "abierta", ["received"] = "recibido", ["diagnosed"] = "diagnosticado", ["repaired"] = "reparado", ["replaced"] = "sustituido", ["refunded"] = "reembolsado",
            ["rejected"] = "rechazado", ["returned"] = "devuelto", ["closed"] = "cerrada", ["SignInFirst"] = "Inicia sesión para ver tus dispositivos y pedir ayuda.", ["Sold"] = "vendido en",
        },
        ["fr"] = new()
        {
            ["MyDevices"] = "Mes appareils", ["GetHelp"] = "Obtenir de l'aide", ["NoDevices"] = "Pas encore d'appareil : ceux de vos commandes apparaissent ici à l'expédition.",
            ["Warranty"] = "Garantie", ["in_warranty"] = "Sous garantie", ["expired"] = "Garantie terminée", ["not_started"] = "Commence à la livraison", ["none"] = "Sans garantie",
            ["Until"] = "jusqu'au", ["CheckWarranty"] = "Vérifier une garantie", ["Imei"] = "IMEI (composez *#06#)", ["Check"] = "Vérifier",
            ["Register"] = "Ajouter un appareil acheté ailleurs", ["Proof"] = "Preuve d'achat (photo ou PDF)", ["Send"] = "Envoyer", ["Pending"] = "en cours de vérification", ["accepted"] = "accepté", ["refused"] = "refusé", ["pending"] = "en cours de vérification",
            ["Device"] = "Appareil", ["Problem"] = "Quel est le problème ?", ["Photo"] = "Une photo (facultatif)", ["OpenTicket"] = "Demander une réparation",
            ["Ticket"] = "Réparation", ["Tickets"] = "Mes réparations", ["Timeline"] = "Historique", ["FreeRepair"] = "Réparation gratuite : sous garantie", ["PaidRepair"] = "Réparation payante : hors garantie",
            ["Centre"] = "Centre de service", ["you"] = "vous", ["service centre"] = "centre de service", ["staff"] = "Lumio", ["partner"] = "votre vendeur", ["customer"] = "vous",
            ["opened"] = "ouverte", ["received"] = "reçu", ["diagnosed"] = "diagnostiqué", ["repaired"] = "réparé", ["replaced"] = "remplacé", ["refunded"] = "remboursé",
            ["rejected"] = "refusé", ["returned"] = "renvoyé", ["closed"] = "clôturée", ["SignInFirst"] = "Connectez-vous pour voir vos appareils et demander de l'aide.", ["Sold"] = "vendu en",
        },
        ["it"] = new()
        {
            ["MyDevices"] = "I miei dispositivi", ["GetHelp"] = "Assistenza", ["NoDevices"] = "Ancora nessun dispositivo: quelli dei tuoi ordini compaiono qui alla spedizione.",
            ["Warranty"] = "Garanzia", ["in_warranty"] = "In garanzia", ["expired"] = "Garanzia scaduta", ["not_started"] = "Inizia alla consegna", ["none"] = "Senza garanzia",
            ["Until"] = "fino al", ["CheckWarranty"] = "Verifica una garanzia", ["Imei"] = "IMEI (digita *#06#)", ["Check"] = "Verifica",
            ["Register"] = "Aggiungi un dispositivo comprato altrove", ["Proof"] = "Prova d'acquisto (foto o PDF)", ["Send"] = "Invia", ["Pending"] = "in verifica", ["accepted"] = "accettato", ["refused"] = "rifiutato", ["pending"] = "in verifica",
            ["Device"] = "Dispositivo", ["Problem"] = "Qual è il problema?", ["Photo"] = "Una foto (facoltativa)", ["OpenTicket"] = "Richiedi una riparazione",
            ["Ticket"] = "Riparazione", ["Tickets"] = "Le mie riparazioni", ["Timeline"] = "Cronologia", ["FreeRepair"] = "Riparazione gratuita: in garanzia", ["PaidRepair"] = "Riparazione a pagamento: fuori garanzia",
            ["Centre"] = "Centro assistenza", ["you"] = "tu", ["service centre"] = "centro assistenza", ["staff"] = "Lumio", ["partner"] = "il tuo venditore", ["customer"] = "tu",
            ["opened"] = "aperta", ["received"] = "ricevuto", ["diagnosed"] = "diagnosticato", ["repaired"] = "riparato", ["replaced"] = "sostituito", ["refunded"] = "rimborsato",
            ["rejected"] = "rifiutato", ["returned"] = "restituito", ["closed"] = "chiusa", ["SignInFirst"] = "Accedi per vedere i tuoi dispositivi e chiedere assistenza.", ["Sold"] = "venduto in",
        },
    }.ToFrozenDictionary(l => l.Key, l => new SupportWords(l.Value));

    public string this[string key] => words.TryGetValue(key, out var word) ? word : ByLanguage["en"].words.GetValueOrDefault(key, key);

    public static SupportWords For(string language) => ByLanguage.GetValueOrDefault(language) ?? ByLanguage["en"];
}
