using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Rollout.Tests.Security;

/// <summary>A 429 as the API answers it: an RFC 9457 problem naming the limit, and when to try again.</summary>
internal sealed record LimitProblem(string Type, string Title, int Status, string Detail, string Code, string Limit, int RetryAfter)
{
    /// <summary>The refusal in a response, after checking it is a 429 problem whose Retry-After header says what its body says.</summary>
    public static async Task<LimitProblem> Of(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<LimitProblem>(TestContext.Current.CancellationToken);
        Assert.NotNull(problem);
        Assert.Equal(TimeSpan.FromSeconds(problem.RetryAfter), response.Headers.RetryAfter?.Delta);
        Assert.Equal((429, "rate_limited"), (problem.Status, problem.Code));
        return problem;
    }
}

/// <summary>What a browser sends: a page's form, with the antiforgery token the page gave it.</summary>
internal static partial class Forms
{
    public static async Task<HttpResponseMessage> Post(HttpClient client, string page, string action, params (string Name, string Value)[] fields)
    {
        var ct = TestContext.Current.CancellationToken;
        var html = await client.GetStringAsync(page, ct);
        var token = Token().Match(html).Groups[1].Value;
        Assert.NotEmpty(token);
        var form = new FormUrlEncodedContent([.. fields.Select(f => KeyValuePair.Create(f.Name, f.Value)), KeyValuePair.Create("__RequestVerificationToken", token)]);
        return await client.PostAsync(action, form, ct);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
