using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Rollout.Tests.Support;

/// <summary>Pages driven over HTTP like a browser's forms: the anti-forgery token read from the page, cookies kept, redirects not followed.</summary>
public static partial class FormPages
{
    public const string AuthCookieName = "rollout.auth";

    /// <summary>A client that keeps cookies and shows redirects rather than following them.</summary>
    public static HttpClient Client(RolloutApp app) => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>The page at <paramref name="path"/> and the anti-forgery token of its first form.</summary>
    public static async Task<(string Html, string Token)> Open(HttpClient client, string path)
    {
        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var token = TokenField().Match(html);
        Assert.True(token.Success, $"No anti-forgery token on {path}");
        return (html, WebUtility.HtmlDecode(token.Groups[1].Value));
    }

    /// <summary>Posts a form with the page's anti-forgery token.</summary>
    public static Task<HttpResponseMessage> Post(HttpClient client, string path, string token, IDictionary<string, string> fields) =>
        client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token }), TestContext.Current.CancellationToken);

    /// <summary>The sign-in cookie a response sets, as a <c>Cookie</c> header's value; null when it sets none (or deletes it).</summary>
    public static string? AuthCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Select(c => c.Split(';')[0]).FirstOrDefault(c => c.StartsWith(AuthCookieName + "=", StringComparison.Ordinal) && c.Length > AuthCookieName.Length + 1)
            : null;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
