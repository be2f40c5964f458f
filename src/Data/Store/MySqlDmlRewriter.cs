using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Workspaces.Data.Store;

/// <summary>
/// Oracle's MySQL provider writes two bulk statements (<c>ExecuteUpdate</c>/<c>ExecuteDelete</c>) in forms no MariaDB
/// accepts, and MySQL itself refuses the first:
/// <list type="bullet">
/// <item><c>UPDATE t AS a SET … FROM (subquery) AS b WHERE …</c> (PostgreSQL's join form; MySQL joins with a comma
/// list: <c>UPDATE t AS a, (subquery) AS b SET a.… WHERE …</c>).</item>
/// <item><c>DELETE FROM t AS a WHERE …</c> (MySQL 8.0.16+ only). Written without the alias, <c>DELETE FROM t WHERE …</c>
/// with <c>a.</c> read as <c>t.</c>; not as the multi-table <c>DELETE a FROM t AS a</c>, because the condition is an
/// EXISTS over the same table, which MariaDB allows only in the single-table form.</item>
/// </list>
/// Every entity here that is filtered by its parent's workspace produces the first shape, so this rewrite is what
/// makes those bulk statements run at all. It relies on the provider's fixed layout (clauses at the start of a line,
/// nested SQL indented), and leaves any other statement untouched.
/// </summary>
public sealed partial class MySqlDmlRewriter : DbCommandInterceptor
{
    public static readonly MySqlDmlRewriter Instance = new();

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        command.CommandText = Rewrite(command.CommandText);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        command.CommandText = Rewrite(command.CommandText);
        return ValueTask.FromResult(result);
    }

    public static string Rewrite(string sql)
    {
        if (sql.StartsWith("DELETE FROM ", StringComparison.Ordinal) && DeleteWithAlias().Match(sql) is { Success: true } delete)
        {
            var (table, alias) = (delete.Groups["table"].Value, delete.Groups["alias"].Value);
            return $"DELETE FROM {table}" + sql[delete.Length..].Replace(alias + ".", table + ".", StringComparison.Ordinal);
        }
        if (sql.StartsWith("UPDATE ", StringComparison.Ordinal) && sql.Contains("\nFROM ", StringComparison.Ordinal))
            return RewriteUpdate(sql) ?? sql;
        return sql;
    }

    private static string? RewriteUpdate(string sql)
    {
        var lines = sql.Split('\n');
        var target = UpdateTarget().Match(lines[0].TrimEnd('\r'));
        var set = Array.FindIndex(lines, l => l.StartsWith("SET ", StringComparison.Ordinal));
        var from = Array.FindIndex(lines, l => l.StartsWith("FROM ", StringComparison.Ordinal));
        var where = from < 0 ? -1 : Array.FindIndex(lines, from, l => l.StartsWith("WHERE ", StringComparison.Ordinal));
        if (!target.Success || set != 1 || from <= set || where < 0)
            return null;
        var alias = target.Groups["alias"].Value;
        var joined = string.Join('\n', lines[from..where])["FROM ".Length..];
        // Assignments start "SET `c` = " or "    `c` = "; both tables are in scope now, so the column is qualified.
        var assignments = lines[set..from].Select(l => Assignment().Replace(l, m => $"{m.Groups["lead"].Value}{alias}.{m.Groups["column"].Value} = "));
        return string.Join('\n', [$"{lines[0].TrimEnd('\r')}, {joined}", .. assignments, .. lines[where..]]);
    }

    [GeneratedRegex(@"^DELETE FROM (?<table>`[^`]+`) AS (?<alias>`[^`]+`)(?=\r?\n)")]
    private static partial Regex DeleteWithAlias();

    [GeneratedRegex(@"^UPDATE `[^`]+` AS (?<alias>`[^`]+`)$")]
    private static partial Regex UpdateTarget();

    [GeneratedRegex(@"^(?<lead>SET |    )(?<column>`[^`]+`) = ")]
    private static partial Regex Assignment();
}
