using System.Diagnostics.CodeAnalysis;

namespace Workspaces.Data.Errors;

/// <summary>Outcome of a service call that returns a value: the value, or the <see cref="Errors.Error"/> that prevented it.</summary>
public readonly struct Result<T>
{
    private readonly T? _value;

    private Result(T? value, Error? error)
    {
        _value = value;
        Error = error;
    }

    public Error? Error { get; }

    /// <summary>True when there is a value; false guarantees <see cref="Error"/> to the compiler, so callers need no <c>!</c>.</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public T Value => Error is null ? _value! : throw new InvalidOperationException($"Result holds an error: {Error.Message}");

    /// <summary>The next step on the value, or this error: chains service calls without unwrap loops.</summary>
    public Result<TNext> Then<TNext>(Func<T, Result<TNext>> next) => IsSuccess ? next(Value) : Error;

    /// <summary>An async next step on the value, or this error.</summary>
    public async Task<Result<TNext>> ThenAsync<TNext>(Func<T, Task<Result<TNext>>> next) => IsSuccess ? await next(Value) : Error;

    public static Result<T> Success(T value) => new(value, null);

    public static Result<T> Failure(Error error) => new(default, error);

    public static implicit operator Result<T>(T value) => Success(value);

    public static implicit operator Result<T>(Error error) => Failure(error);
}

/// <summary>Outcome of a service call without a value.</summary>
public readonly struct Result
{
    private Result(Error? error) => Error = error;

    public Error? Error { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static Result Ok { get; } = new(null);

    public static Result Failure(Error error) => new(error);

    public static implicit operator Result(Error error) => Failure(error);
}
