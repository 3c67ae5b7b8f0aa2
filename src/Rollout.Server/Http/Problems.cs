using Microsoft.AspNetCore.Mvc;

namespace Rollout.Server.Http;

/// <summary>
/// The one place where an <see cref="Error"/> becomes an RFC 9457 problem: invalid input is 400 with the broken
/// rule under each field in <c>errors</c>, a missing thing 404, a clash with current state 409. Every problem
/// carries the error's stable <c>code</c>.
/// </summary>
public static class Problems
{
    public static ProblemHttpResult ToProblem(this Error error)
    {
        var (status, title) = error.Kind switch
        {
            ErrorKind.Invalid => (StatusCodes.Status400BadRequest, "The request breaks a rule."),
            ErrorKind.NotFound => (StatusCodes.Status404NotFound, "Not found."),
            ErrorKind.Unprocessable => (StatusCodes.Status422UnprocessableEntity, "The idempotency key was used for another request."),
            ErrorKind.Unauthorized => (StatusCodes.Status401Unauthorized, "Sign-in refused."),
            ErrorKind.Forbidden => (StatusCodes.Status403Forbidden, "Not allowed."),
            _ => (StatusCodes.Status409Conflict, "The request conflicts with the current state."),
        };

        ProblemDetails problem = error.Fields.Count > 0
            ? new HttpValidationProblemDetails(error.Fields.ToDictionary(f => f.Key, f => f.Value))
            : new ProblemDetails();
        problem.Status = status;
        problem.Title = title;
        problem.Detail = error.Message;
        problem.Type = $"urn:rollout:problem:{error.Code}";
        problem.Extensions["code"] = error.Code;
        foreach (var (name, value) in error.Details)
        {
            problem.Extensions[name] = value;
        }

        return TypedResults.Problem(problem);
    }

    /// <summary>A result as 200 OK with its value, or as its problem.</summary>
    public static Results<Ok<T>, ProblemHttpResult> ToOk<T>(this Result<T> result) =>
        result.IsSuccess ? TypedResults.Ok(result.Value) : result.Error.ToProblem();

    /// <summary>A result as 201 Created at the location its value names, or as its problem.</summary>
    public static Results<Created<T>, ProblemHttpResult> ToCreated<T>(this Result<T> result, Func<T, string> location) =>
        result.IsSuccess ? TypedResults.Created(location(result.Value), result.Value) : result.Error.ToProblem();

    /// <summary>Documents the problems a route may answer with.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder route, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            if (status == StatusCodes.Status400BadRequest)
            {
                route.ProducesValidationProblem();
            }
            else
            {
                route.ProducesProblem(status);
            }
        }

        return route;
    }
}
