using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Rollout.Identity;
using Rollout.Storage;

namespace Rollout.Tests.Security;

/// <summary>
/// Who may call what, for every operation of the OpenAPI document and every page: each is asked by anonymous, a
/// customer, each staff role and a partner's key, and must let in exactly those <see cref="AuthorizationMatrix"/> names.
/// An operation or page missing from the matrix fails the test, so a new endpoint cannot ship without a decision.
/// </summary>
public sealed class AuthorizationMatrixTests() : ProviderTest(StorageProvider.Sqlite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Rollout:Limits:PublicLookupsPerMinute"] = "100000",
        ["Rollout:PartnerRequestsPerMinute"] = "100000",
    };

    private static readonly System.Collections.Concurrent.ConcurrentBag<string> Seen = [];

    private sealed record Caller(string Name, HttpClient Client);

    private sealed record Refusal(string? Code);

    [Fact]
    public async Task Every_operation_and_page_lets_in_exactly_the_callers_the_matrix_names()
    {
        var callers = await Callers();
        var urls = (await Operations()).Concat(Pages()).DistinctBy(r => r.Route).ToDictionary(r => r.Route, r => r.Url);
        // Signing out ends the caller's session: it is asked last, so every other route sees the caller signed in.
        var routes = urls.Keys.OrderBy(r => r == "POST /api/auth/sign-out").ThenBy(r => r, StringComparer.Ordinal).ToList();
        var missing = routes.Where(r => !AuthorizationMatrix.Expected.ContainsKey(r)).ToList();
        var stale = AuthorizationMatrix.Expected.Keys.Where(k => !routes.Contains(k)).ToList();
        var wrong = new List<string>();
        var observed = new StringBuilder();
        foreach (var route in routes)
        {
            var allowed = new List<string>();
            foreach (var caller in callers)
            {
                if (!await Refused(caller, route, urls[route]))
                {
                    allowed.Add(caller.Name);
                }
            }

            observed.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"[\"{route}\"] = \"{string.Join(' ', allowed)}\",");
            if (AuthorizationMatrix.Expected.TryGetValue(route, out var expected) && !AuthorizationMatrix.Callers(expected).SetEquals(allowed))
            {
                wrong.Add($"{route}: expected {expected} ({string.Join(' ', AuthorizationMatrix.Callers(expected))}), let in: {string.Join(' ', allowed)}");
            }
        }

        Assert.True(missing.Count == 0 && stale.Count == 0 && wrong.Count == 0,
            $"Refused otherwise: {string.Join("; ", Seen.Take(5))}\nNot in the matrix: {string.Join(", ", missing)}\nIn the matrix but not served: {string.Join(", ", stale)}\nWrong:\n{string.Join("\n", wrong)}\nObserved:\n{observed}");
    }

    /// <summary>Anonymous, a customer, a member of staff of each role, and a partner's key; none follows redirects.</summary>
    private async Task<List<Caller>> Callers()
    {
        var signedIn = new List<(string Name, HttpClient Client)> { ("anonymous", App.CreateClient()), ("customer", App.Customer("matrix-customer")) };
        foreach (var role in StaffRoles.All)
        {
            signedIn.Add((role, await App.Staff(role)));
        }

        signedIn.Add(("partner", await AfterSales.PartnerClient(App, await App.Staff(StaffRoles.PartnerManager))));
        return [.. signedIn.Select(c =>
        {
            var client = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            client.DefaultRequestHeaders.Authorization = c.Client.DefaultRequestHeaders.Authorization;
            client.DefaultRequestHeaders.Add("Idempotency-Key", "matrix");
            return new Caller(c.Name, client);
        })];
    }

    /// <summary>"GET /api/markets/{code}" for each operation of the OpenAPI document, with a URL that its route matches.</summary>
    private async Task<List<(string Route, string Url)>> Operations()
    {
        var document = await App.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct);
        var operations = new List<(string, string)>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject().Where(m => m.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                var types = method.Value.TryGetProperty("parameters", out var parameters)
                    ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "path")
                        .ToDictionary(p => p.GetProperty("name").GetString()!, p => p.TryGetProperty("schema", out var schema) ? schema.ToString() : "")
                    : [];
                var url = System.Text.RegularExpressions.Regex.Replace(path.Name, @"\{([^}]+)\}", m => Value(m.Groups[1].Value, types.GetValueOrDefault(m.Groups[1].Value, "")));
                operations.Add(($"{method.Name.ToUpperInvariant()} {path.Name}", url));
            }
        }

        return operations;
    }

    /// <summary>"PAGE /admin/orders/{id}" for each Razor page (its GET), with a URL that its route matches.</summary>
    private IEnumerable<(string Route, string Url)> Pages() =>
        App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>() is not null)
            .Select(e => ("PAGE /" + string.Join('/', e.RoutePattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => Part(p, false))))),
                "/" + string.Join('/', e.RoutePattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => Part(p, true))))).TrimEnd('/')));

    private static string Part(Microsoft.AspNetCore.Routing.Patterns.RoutePatternPart part, bool value) => part switch
    {
        Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
        Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart { IsOptional: true } when value => "",
        Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => value
            ? Value(parameter.Name, string.Join(' ', parameter.ParameterPolicies.Select(p => p.Content)))
            : $"{{{parameter.Name}}}",
        Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
        _ => "",
    };

    /// <summary>Whether authorization turned the caller away (not whether the request itself was right).</summary>
    private static async Task<bool> Refused(Caller caller, string route, string url)
    {
        var verb = route[..route.IndexOf(' ', StringComparison.Ordinal)];
        var method = verb == "PAGE" ? HttpMethod.Get : new HttpMethod(verb);
        HttpRequestMessage Request(HttpContent? content) => new(method, url) { Content = method == HttpMethod.Get || method == HttpMethod.Delete ? null : content };
        var response = await caller.Client.SendAsync(Request(new StringContent("{}", Encoding.UTF8, "application/json")), Ct);
        if (response.StatusCode == HttpStatusCode.UnsupportedMediaType)
        {
            response.Dispose(); // An upload: its route takes forms only.
            response = await caller.Client.SendAsync(Request(new MultipartFormDataContent { { new StringContent("x"), "imei" } }), Ct);
        }

        using var _ = response;
        if (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/admin/login", StringComparison.OrdinalIgnoreCase) == true)
        {
            return true; // A page's challenge: sign in to the console.
        }

        if (response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden))
        {
            return false;
        }

        if (verb == "PAGE" || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return true;
        }

        var refusal = await response.Content.ReadFromJsonAsync<Refusal>(Ct);
        if (refusal?.Code is not ("auth.required" or "auth.forbidden" or "auth.partner_key"))
        {
            Seen.Add( // An endpoint's own 401 or 403 (a wrong password, an ended session), not the route's authorization.
                $"{route} {caller.Name} {(int)response.StatusCode} {refusal?.Code}");
        }

        return refusal?.Code is "auth.required" or "auth.forbidden" or "auth.partner_key";
    }

    /// <summary>A value for a route parameter that names nothing that exists (so an allowed caller changes nothing).</summary>
    private static string Value(string parameter, string type) =>
        type.Contains("uuid", StringComparison.Ordinal) || type.Contains("guid", StringComparison.Ordinal) ? "3f2b0c1e-0000-4000-8000-000000000001"
        : type.Contains("integer", StringComparison.Ordinal) || type.Contains("int", StringComparison.Ordinal) || type.Contains("long", StringComparison.Ordinal) ? "999999"
        : parameter.ToLowerInvariant() switch
        {
            "market" or "country" => "ES",
            "imei" => "490154203237518",
            _ => "zz-none",
        };
}
