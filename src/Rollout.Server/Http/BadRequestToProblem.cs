using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Rollout.Server.Http;

/// <summary>
/// Malformed JSON, a wrong type or an unknown property in a request body becomes a 400 problem that names the
/// field (its JSON path) and the line, like every other invalid input.
/// </summary>
internal sealed class BadRequestToProblem : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        var error = bad.InnerException is JsonException json
            ? Error.Invalid(
                json.Path is { Length: > 1 } path ? path.TrimStart('$').TrimStart('.') : "body",
                "request.malformed_json",
                $"The body is not valid for this request (line {(json.LineNumber ?? 0) + 1}): {json.Message.Split(" Path:")[0]}")
            : Error.Invalid("body", "request.bad", bad.Message);
        await error.ToProblem().ExecuteAsync(httpContext);
        return true;
    }
}
