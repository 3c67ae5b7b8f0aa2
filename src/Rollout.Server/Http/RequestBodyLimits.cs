using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Rollout.Identity;

namespace Rollout.Server.Http;

/// <summary>
/// Gives every endpoint its own request body limit, instead of Kestrel's 30 MB for all: the endpoint's own
/// <see cref="IRequestSizeLimitMetadata"/> (<see cref="RequestBodyLimitExtensions.WithBodyLimit"/>, or <c>[RequestSizeLimit]</c> on a page) when
/// it has one; otherwise <see cref="Public"/> where anyone may call (customers sign up freely, so theirs count as
/// anyone's) and <see cref="Staff"/> where a staff role or a partner's key is needed. A body declared larger is
/// refused before a byte is read; one sent in chunks is cut off by the server when it passes the limit. Either way
/// the answer is 413 with a problem that says the limit.
/// </summary>
public sealed class RequestBodyLimits(RequestDelegate next)
{
    /// <summary>A JSON body anyone may send: an order, a cart line, a sign-in, a card provider's callback.</summary>
    public const long Public = 64 * 1024;

    /// <summary>A JSON body staff or a partner send: a shipment's IMEIs, a sell-through report.</summary>
    public const long Staff = 1024 * 1024;

    /// <summary>A form with one file (a photo, a receipt) of up to 5 MiB, and room for the form around it.</summary>
    public const long Upload = Rollout.Devices.Attachment.MaxBytes + 64 * 1024;

    /// <summary>A whole catalog or price file (rollout-catalog/1, rollout-prices/1).</summary>
    public const long Import = 16 * 1024 * 1024;

    /// <summary>Policies a self-registered customer passes: their endpoints get the public limit.</summary>
    private static readonly HashSet<string> OpenPolicies = [StaffAuthentication.Customer, StaffAuthentication.TicketOpeners];

    public Task Invoke(HttpContext context)
    {
        var limit = LimitOf(context.GetEndpoint());
        context.Items[typeof(RequestBodyLimits)] = limit; // The exception handler forgets the endpoint; the limit stays known.
        if (context.Request.ContentLength > limit)
        {
            return TooLarge(limit, context.Request.ContentLength).ExecuteAsync(context);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        return next(context);
    }

    /// <summary>The most an endpoint takes, in bytes.</summary>
    public static long LimitOf(Endpoint? endpoint)
    {
        if (endpoint?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { MaxRequestBodySize: { } declared })
        {
            return declared;
        }

        var staff = endpoint is not null
            && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null
            && endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy is { } policy ? !OpenPolicies.Contains(policy) : !string.IsNullOrEmpty(a.Roles));
        return staff ? Staff : Public;
    }

    /// <summary>The limit this request was held to (by default the public one, if it never reached an endpoint).</summary>
    public static long LimitIn(HttpContext context) => context.Items[typeof(RequestBodyLimits)] as long? ?? LimitOf(context.GetEndpoint());

    /// <summary>The 413 answer: the limit in the detail and as <c>limit</c> (bytes), the code <c>request.too_large</c>.</summary>
    public static ProblemHttpResult TooLarge(long limit, long? sent = null)
    {
        var problem = new ProblemDetails { Status = StatusCodes.Status413PayloadTooLarge };
        Explain(problem, limit, sent);
        return TypedResults.Problem(problem);
    }

    /// <summary>Fills in a 413 problem that says nothing yet (the server cut off a chunked body).</summary>
    public static void Explain(ProblemDetailsContext context)
    {
        if (context.ProblemDetails.Status == StatusCodes.Status413PayloadTooLarge && context.ProblemDetails.Detail is null)
        {
            Explain(context.ProblemDetails, LimitIn(context.HttpContext), null);
        }
    }

    private static void Explain(ProblemDetails problem, long limit, long? sent)
    {
        problem.Title = "The request body is too large.";
        var declared = sent is { } bytes ? $"; the request declared {bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes" : "";
        problem.Detail = $"This takes a body of at most {Describe(limit)}{declared}.";
        problem.Type = "urn:rollout:problem:request.too_large";
        problem.Extensions["code"] = "request.too_large";
        problem.Extensions["limit"] = limit;
    }

    private static string Describe(long bytes) => bytes >= 1024 * 1024
        ? (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MiB"
        : (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KiB";
}

public static class RequestBodyLimitExtensions
{
    /// <summary>Gives an endpoint its own body limit (see <see cref="RequestBodyLimits"/>).</summary>
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long bytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestSizeLimitAttribute(bytes));
}
