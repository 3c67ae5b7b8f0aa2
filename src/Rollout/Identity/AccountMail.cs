using System.Globalization;
using Rollout.Mail;

namespace Rollout.Identity;

/// <summary>
/// Where the links of a customer's account e-mails go: the storefront page of <paramref name="Market"/> on the site's
/// public address (<paramref name="Site"/>, from configuration, never from the request), in <paramref name="Language"/>.
/// </summary>
public sealed record AccountLinks(Uri Site, string Market, string Language)
{
    /// <summary>The page that confirms an e-mail address (<c>/fr/account/confirm-email?email=…&amp;token=…</c>).</summary>
    public string ConfirmEmail(string email, string token) => Link("confirm-email", email, token);

    /// <summary>The page where a new password is chosen (<c>/fr/account/password-reset?email=…&amp;token=…</c>).</summary>
    public string ResetPassword(string email, string token) => Link("password-reset", email, token);

    private string Link(string page, string email, string token) =>
        new Uri(Site, $"/{Market.ToLowerInvariant()}/account/{page}?email={Uri.EscapeDataString(email)}&token={Uri.EscapeDataString(token)}").AbsoluteUri;
}

/// <summary>How long the links of account e-mails work (Identity's data-protection tokens; a new password ends both kinds).</summary>
public static class AccountTokens
{
    /// <summary>The token provider of password resets, with its own, shorter lifetime.</summary>
    public const string ResetProvider = "PasswordReset";

    public static readonly TimeSpan ConfirmationLifetime = TimeSpan.FromDays(3);

    public static readonly TimeSpan ResetLifetime = TimeSpan.FromHours(2);
}

/// <summary>The e-mails of a customer account, in the storefront's language: confirm the address, choose a new password.</summary>
public static class AccountMail
{
    public const string ConfirmationTopic = "email-confirmation";
    public const string ResetTopic = "password-reset";

    private sealed record Words(string ConfirmSubject, string ConfirmBody, string ResetSubject, string ResetBody, string NotYou);

    private static readonly Dictionary<string, Words> Languages = new(StringComparer.Ordinal)
    {
        ["en"] = new(
            "Confirm your e-mail address", "Open this link to confirm that {0} is your e-mail address (it works for {1} days):",
            "Choose a new password", "Someone, hopefully you, asked to choose a new password for the account {0}. Open this link to choose it (it works for {1} hours):",
            "If this was not you, ignore this e-mail: nothing changes."),
        ["es"] = new(
            "Confirma tu correo electrónico", "Abre este enlace para confirmar que {0} es tu correo electrónico (funciona durante {1} días):",
            "Elige una contraseña nueva", "Alguien, esperamos que tú, ha pedido elegir una contraseña nueva para la cuenta {0}. Abre este enlace para elegirla (funciona durante {1} horas):",
            "Si no has sido tú, ignora este correo: no cambia nada."),
        ["fr"] = new(
            "Confirmez votre adresse e-mail", "Ouvrez ce lien pour confirmer que {0} est bien votre adresse e-mail (il est valable {1} jours) :",
            "Choisissez un nouveau mot de passe", "Quelqu'un, sans doute vous, a demandé à choisir un nouveau mot de passe pour le compte {0}. Ouvrez ce lien pour le choisir (il est valable {1} heures) :",
            "Si ce n'était pas vous, ignorez cet e-mail : rien ne change."),
        ["it"] = new(
            "Conferma il tuo indirizzo e-mail", "Apri questo link per confermare che {0} è il tuo indirizzo e-mail (vale {1} giorni):",
            "Scegli una nuova password", "Qualcuno, speriamo tu, ha chiesto di scegliere una nuova password per l'account {0}. Apri questo link per sceglierla (vale {1} ore):",
            "Se non sei stato tu, ignora questa e-mail: non cambia nulla."),
        ["de"] = new(
            "Bestätigen Sie Ihre E-Mail-Adresse", "Öffnen Sie diesen Link, um zu bestätigen, dass {0} Ihre E-Mail-Adresse ist (er gilt {1} Tage):",
            "Wählen Sie ein neues Passwort", "Jemand, hoffentlich Sie, möchte ein neues Passwort für das Konto {0} wählen. Öffnen Sie diesen Link, um es zu wählen (er gilt {1} Stunden):",
            "Wenn Sie das nicht waren, ignorieren Sie diese E-Mail: Es ändert sich nichts."),
    };

    public static OutboxMessage Confirmation(string to, string link, string language, Instant now)
    {
        var words = For(language);
        var body = string.Format(CultureInfo.InvariantCulture, words.ConfirmBody, to, AccountTokens.ConfirmationLifetime.TotalDays);
        return OutboxMessage.Write(to, words.ConfirmSubject, $"{body}\n\n{link}\n\n{words.NotYou}\n", ConfirmationTopic, now);
    }

    public static OutboxMessage PasswordReset(string to, string link, string language, Instant now)
    {
        var words = For(language);
        var body = string.Format(CultureInfo.InvariantCulture, words.ResetBody, to, AccountTokens.ResetLifetime.TotalHours);
        return OutboxMessage.Write(to, words.ResetSubject, $"{body}\n\n{link}\n\n{words.NotYou}\n", ResetTopic, now);
    }

    private static Words For(string language) => Languages.GetValueOrDefault(language) ?? Languages["en"];
}
