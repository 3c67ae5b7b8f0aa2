namespace Rollout.Common;

/// <summary>Either a value or an <see cref="Error"/>; expected failures travel as values, exceptions are for bugs.</summary>
public readonly struct Result<T>
{
    private readonly T? value;
    private readonly Error? error;

    private Result(T? value, Error? error)
    {
        this.value = value;
        this.error = error;
    }

    public bool IsSuccess => error is null;

    public T Value => error is null ? value! : throw new InvalidOperationException($"No value: {error.Code}");

    public Error Error => error ?? throw new InvalidOperationException("No error: the result is a success.");

    public static Result<T> Success(T value) => new(value, null);

    public static Result<T> Failure(Error error) => new(default, error);

#pragma warning disable CA2225 // Success/Failure are the named alternates.
    public static implicit operator Result<T>(T value) => Success(value);

    public static implicit operator Result<T>(Error error) => Failure(error);
#pragma warning restore CA2225

    public Result<TOut> Map<TOut>(Func<T, TOut> map) => IsSuccess ? map(Value) : Error;

    public TOut Match<TOut>(Func<T, TOut> success, Func<Error, TOut> failure) =>
        IsSuccess ? success(Value) : failure(Error);
}
