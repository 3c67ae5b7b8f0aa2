using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Rollout.Tests.Security;

/// <summary>
/// A client that behaves like a browser with forms: it keeps the cookies it is given (by name, as sent back), posts a
/// page's form with that page's antiforgery token, and keeps every <c>Set-Cookie</c> header it saw, unparsed, so a
/// test can read the attributes the server wrote.
/// </summary>
internal sealed partial class FormClient(HttpClient http) : IDisposable
{
    private readonly Dictionary<string, string> jar = [];

    /// <summary>Every Set-Cookie header received, in order.</summary>
    public List<string> SetCookies { get; } = [];

    public static FormClient For(RolloutApp app, string baseAddress = "http://localhost") =>
        new(app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(baseAddress), AllowAutoRedirect = false, HandleCookies = false }));

    /// <summary>The Set-Cookie header that set a cookie of this name.</summary>
    public string SetCookie(string name) =>
        SetCookies.LastOrDefault(c => c.StartsWith(name + "=", StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"No Set-Cookie for {name}; saw: {string.Join(" | ", SetCookies)}");

    public async Task<HttpResponseMessage> Send(HttpRequestMessage request)
    {
        if (jar.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", jar.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            SetCookies.Add(header);
            var pair = header.Split(';')[0];
            var (name, value) = (pair[..pair.IndexOf('=', StringComparison.Ordinal)], pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            if (value.Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
            {
                jar.Remove(name);
            }
            else
            {
                jar[name] = value;
            }
        }

        return response;
    }

    public Task<HttpResponseMessage> Get(string path) => Send(new HttpRequestMessage(HttpMethod.Get, path));

    /// <summary>
    /// Opens <paramref name="page"/>, then posts <paramref name="fields"/> to it (with <c>?handler=</c> when given) along
    /// with the antiforgery token of the page's form (or of <paramref name="tokenFrom"/>'s, for a page that shows no form).
    /// </summary>
    public async Task<HttpResponseMessage> PostForm(string page, IReadOnlyDictionary<string, string> fields, string? handler = null, string? tokenFrom = null)
    {
        var html = await (await Get(tokenFrom ?? page)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var token = Token().Match(html);
        Assert.True(token.Success, $"No antiforgery token on {page}");
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value) };
        var target = handler is null ? page : $"{page}?handler={handler}";
        return await Send(new HttpRequestMessage(HttpMethod.Post, target) { Content = new FormUrlEncodedContent(form) });
    }

    /// <summary>Signs in to the staff console as the bootstrap admin.</summary>
    public async Task SignInToConsole()
    {
        var response = await PostForm("/admin/login", new Dictionary<string, string> { ["email"] = RolloutApp.AdminEmail, ["password"] = RolloutApp.AdminPassword });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    public void Dispose() => http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
