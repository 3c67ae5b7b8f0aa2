using System.Collections.Frozen;

namespace Rollout.Server.Pages.Storefront;

/// <summary>The words of the customer's two-step sign-in page (an authenticator app) in en, es, fr and it.</summary>
public sealed class SecurityWords(IReadOnlyDictionary<string, string> words)
{
    private static readonly FrozenDictionary<string, SecurityWords> ByLanguage = new Dictionary<string, Dictionary<string, string>>
    {
        ["en"] = new()
        {
            ["Title"] = "Two-step sign-in", ["Intro"] = "Besides your password, ask for a code from an authenticator app on your phone when you sign in.",
            ["Password"] = "Your password", ["GetKey"] = "Set up an authenticator app", ["Scan"] = "Scan this code with the app, or type the key into it:",
            ["Code"] = "The 6-digit code the app shows", ["TurnOn"] = "Turn on", ["On"] = "Two-step sign-in is on. Keep these recovery codes somewhere safe: each lets you in once if you lose your phone. They are shown only now.",
            ["SignInAgain"] = "Sign in again", ["IsOn"] = "Two-step sign-in is on.", ["TurnOff"] = "Turn off", ["Off"] = "Two-step sign-in is off.", ["Stale"] = "This page has expired: start again.",
        },
        ["es"] = new()
        {
            ["Title"] = "Inicio de sesión en dos pasos", ["Intro"] = "Además de tu contraseña, pide un código de una app de autenticación de tu móvil al iniciar sesión.",
            ["Password"] = "Tu contraseña", ["GetKey"] = "Configurar una app de autenticación", ["Scan"] = "Escanea este código con la app o escribe la clave en ella:",
            ["Code"] = "El código de 6 cifras que muestra la app", ["TurnOn"] = "Activar", ["On"] = "El inicio de sesión en dos pasos está activado. Guarda estos códigos de recuperación en un lugar seguro: cada uno te deja entrar una vez si pierdes el móvil. Solo se muestran ahora.",
            ["SignInAgain"] = "Inicia sesión de nuevo", ["IsOn"] = "El inicio de sesión en dos pasos está activado.", ["TurnOff"] = "Desactivar", ["Off"] = "El inicio de sesión en dos pasos está desactivado.", ["Stale"] = "Esta página ha caducado: empieza de nuevo.",
        },
        ["fr"] = new()
        {
            ["Title"] = "Connexion en deux étapes", ["Intro"] = "En plus de votre mot de passe, demandez un code d'une application d'authentification sur votre téléphone à la connexion.",
            ["Password"] = "Votre mot de passe", ["GetKey"] = "Configurer une application d'authentification", ["Scan"] = "Scannez ce code avec l'application, ou saisissez-y la clé :",
            ["Code"] = "Le code à 6 chiffres affiché par l'application", ["TurnOn"] = "Activer", ["On"] = "La connexion en deux étapes est activée. Gardez ces codes de secours en lieu sûr : chacun vous permet d'entrer une fois si vous perdez votre téléphone. Ils ne sont affichés que maintenant.",
            ["SignInAgain"] = "Se reconnecter", ["IsOn"] = "La connexion en deux étapes est activée.", ["TurnOff"] = "Désactiver", ["Off"] = "La connexion en deux étapes est désactivée.", ["Stale"] = "Cette page a expiré : recommencez.",
        },
        ["it"] = new()
        {
            ["Title"] = "Accesso in due passaggi", ["Intro"] = "Oltre alla password, chiedi un codice da un'app di autenticazione sul telefono quando accedi.",
            ["Password"] = "La tua password", ["GetKey"] = "Configura un'app di autenticazione", ["Scan"] = "Scansiona questo codice con l'app o inserisci la chiave:",
            ["Code"] = "Il codice a 6 cifre mostrato dall'app", ["TurnOn"] = "Attiva", ["On"] = "L'accesso in due passaggi è attivo. Conserva questi codici di recupero in un posto sicuro: ognuno ti fa entrare una volta se perdi il telefono. Sono mostrati solo ora.",
            ["SignInAgain"] = "Accedi di nuovo", ["IsOn"] = "L'accesso in due passaggi è attivo.", ["TurnOff"] = "Disattiva", ["Off"] = "L'accesso in due passaggi è disattivato.", ["Stale"] = "Questa pagina è scaduta: ricomincia.",
        },
    }.ToFrozenDictionary(pair => pair.Key, pair => new SecurityWords(pair.Value));

    public string this[string key] => words[key];

    public static SecurityWords For(string language) => ByLanguage.GetValueOrDefault(language) ?? ByLanguage["en"];
}
