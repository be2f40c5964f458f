using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Workspaces.Data.Store;

/// <summary>
/// Transactions on MySQL run at READ COMMITTED, PostgreSQL's default, instead of InnoDB's REPEATABLE READ. The services
/// are written for read-committed semantics (they re-read under row locks where it matters), and REPEATABLE READ's gap
/// locks turn ordinary concurrent inserts of neighbouring keys (grants, tags, metrics of parallel clients) into
/// deadlocks that the other databases never report. A transaction that asks for a level keeps it.
/// </summary>
internal sealed class MySqlTransactions : DbTransactionInterceptor
{
    public static readonly MySqlTransactions Instance = new();

    public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result) =>
        eventData.IsolationLevel == IsolationLevel.Unspecified
            ? InterceptionResult<DbTransaction>.SuppressWithResult(connection.BeginTransaction(IsolationLevel.ReadCommitted))
            : result;

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection,
        TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default) =>
        eventData.IsolationLevel == IsolationLevel.Unspecified
            ? InterceptionResult<DbTransaction>.SuppressWithResult(await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken))
            : result;
}
