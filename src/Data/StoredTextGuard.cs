using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Workspaces.Data;

/// <summary>
/// The backstop of <see cref="StoredText"/>: before EF saves, every added or changed string of every entity is
/// checked against its column's limit and for NUL, so a field no service checked still answers 400 (never a
/// provider error, and the same on SQLite and PostgreSQL). Services check the fields clients name first,
/// so their messages are MLflow's; this one names the column.
/// </summary>
internal sealed class StoredTextSaveGuard : SaveChangesInterceptor
{
    public static readonly StoredTextSaveGuard Instance = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbContext? context)
    {
        if (context is null)
            return;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
                continue;
            foreach (var property in entry.Properties)
            {
                if (property.CurrentValue is string value && (entry.State == EntityState.Added || property.IsModified))
                    Check(property, value);
            }
        }
    }

    private static void Check(PropertyEntry property, string value)
    {
        var column = property.Metadata.GetColumnName();
        if (StoredText.HasNul(value))
            throw new StoredTextException(StoredText.NulError(column));
        if (StoredText.LimitOf(property.Metadata) is { } limit && value.Length > limit)
            throw new StoredTextException(StoredText.TooLong(column, limit));
    }
}

/// <summary>
/// NUL in a query's string parameter: PostgreSQL rejects the statement with a server error, SQLite runs it.
/// Both now refuse it before it is sent, with the same 400 (a NUL value can never match a stored one).
/// </summary>
internal sealed class StoredTextCommandGuard : DbCommandInterceptor
{
    public static readonly StoredTextCommandGuard Instance = new();

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Check(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Check(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Check(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return ValueTask.FromResult(result);
    }

    /// <summary>Also used by the raw ADO.NET commands (search, history, ingestion) that EF does not intercept.</summary>
    public static void Check(DbCommand command)
    {
        foreach (DbParameter parameter in command.Parameters)
        {
            var nul = parameter.Value switch
            {
                string s => StoredText.HasNul(s),
                IEnumerable<string?> list => list.Any(StoredText.HasNul),
                _ => false,
            };
            if (nul)
                throw new StoredTextException(StoredText.NulInRequest());
        }
    }
}
