using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Rollout.Server.Http;

/// <summary>
/// Malformed JSON, a wrong type or an unknown property in a request body becomes a 400 problem that names the
/// field (its JSON path) and the line, like every other invalid input; a body over the endpoint's limit, 413.
/// </summary>
internal sealed class BadRequestToProblem : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge || bad.InnerException is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            // A body sent without its length, cut off by the server at the endpoint's limit.
            await RequestBodyLimits.TooLarge(RequestBodyLimits.LimitIn(httpContext)).ExecuteAsync(httpContext);
            return true;
        }

        Error error;
        if (bad.InnerException is JsonException json)
        {
            var (field, rule) = JsonErrors.Explain(json);
            error = Error.Invalid(field, "request.malformed_json", $"line {(json.LineNumber ?? 0) + 1}: {rule}");
        }
        else
        {
            error = Error.Invalid("body", "request.bad", bad.Message);
        }

        await error.ToProblem().ExecuteAsync(httpContext);
        return true;
    }
}
