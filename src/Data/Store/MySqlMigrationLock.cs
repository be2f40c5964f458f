using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Workspaces.Data.Store;

/// <summary>
/// The MySQL provider takes its migration lock with <c>GET_LOCK(name, -1)</c> ("wait for ever" on MySQL), which
/// MariaDB refuses (it answers NULL, and the provider then fails casting it). The statement is rewritten to wait an
/// hour instead, which both servers accept, so two servers migrating one database at once still take turns.
/// </summary>
internal sealed class MySqlMigrationLock : DbCommandInterceptor
{
    public static readonly MySqlMigrationLock Instance = new();

    private const string ForEver = "GET_LOCK('__EFMigrationsLock',-1)";
    // The provider reads a BIGINT; MariaDB types GET_LOCK (even CAST AS SIGNED) as INT, but widens a sum with a
    // BIGINT-sized literal.
    private const string AnHour = "GET_LOCK('__EFMigrationsLock',3600) + 0 * 9223372036854775807";

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Rewrite(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Rewrite(command);
        return ValueTask.FromResult(result);
    }

    private static void Rewrite(DbCommand command)
    {
        if (command.CommandText.Contains(ForEver, StringComparison.Ordinal))
            command.CommandText = command.CommandText.Replace(ForEver, AnHour, StringComparison.Ordinal);
    }
}
