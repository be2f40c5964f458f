using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using Workspaces.Api;
using Workspaces.Data.Store;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// A request that loses a race with other writers (a deadlock victim, a serialization failure, a busy SQLite file) wrote
/// nothing and would succeed if sent again: the answer is 503 TEMPORARILY_UNAVAILABLE with Retry-After, which MLflow's
/// clients retry, never a 500. (CI found the race for real: on MariaDB an experiment insert and a CASCADE workspace
/// delete deadlocked.)
/// </summary>
public sealed class TransientConflictTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Transient => ["postgres-deadlock", "postgres-serialization", "sqlite-busy", "wrapped-deadlock"];

    private static Exception Make(string kind) => kind switch
    {
        "postgres-deadlock" => new PostgresException("deadlock detected", "ERROR", "ERROR", PostgresErrorCodes.DeadlockDetected),
        "postgres-serialization" => new PostgresException("could not serialize access", "ERROR", "ERROR", PostgresErrorCodes.SerializationFailure),
        "sqlite-busy" => new SqliteException("database is locked", 5),
        "wrapped-deadlock" => new DbUpdateException("save failed", new PostgresException("deadlock detected", "ERROR", "ERROR", PostgresErrorCodes.DeadlockDetected)),
        "unique-violation" => new PostgresException("duplicate key", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation),
        _ => new InvalidOperationException("a bug"),
    };

    private static async Task<HttpResponseMessage> ThrowingAsync(Exception exception)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.UseMlflowErrors();
        app.MapPost("/api/2.0/mlflow/experiments/create", () => { throw exception; });
        await app.StartAsync(Ct);
        using var client = app.GetTestClient();
        var response = await client.PostAsync("/api/2.0/mlflow/experiments/create", new StringContent("{}"), Ct);
        await response.Content.LoadIntoBufferAsync(Ct);
        return response;
    }

    [Theory]
    [MemberData(nameof(Transient))]
    public async Task A_lost_race_with_other_writers_is_a_503_to_retry(string kind)
    {
        Assert.True(DbErrors.IsTransientConflict(Make(kind)));
        var response = await ThrowingAsync(Make(kind));
        await ApiAssert.Error(response, HttpStatusCode.ServiceUnavailable, "TEMPORARILY_UNAVAILABLE", "The request collided with a concurrent change");
        Assert.Equal("1", response.Headers.RetryAfter?.ToString());
    }

    [Theory]
    [InlineData("unique-violation")]
    [InlineData("bug")]
    public async Task Other_failures_are_not_called_transient(string kind)
    {
        Assert.False(DbErrors.IsTransientConflict(Make(kind)));
        await ApiAssert.Error(await ThrowingAsync(Make(kind)), HttpStatusCode.InternalServerError, "INTERNAL_ERROR");
    }
}
