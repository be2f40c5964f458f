using System.Data.Common;
using System.Globalization;
using System.Text;
using Workspaces.Data.Common;

namespace Workspaces.Data.Tracking;

/// <summary>
/// The ingestion hot path on MySQL / MariaDB: one multi-row <c>INSERT</c> per table and batch (the server has no
/// array parameters like PostgreSQL's <c>unnest</c>), in the caller's transaction. Duplicate metric points and params
/// are skipped by their keys (<c>INSERT IGNORE</c>), tags are replaced (<c>ON DUPLICATE KEY UPDATE</c>).
/// </summary>
internal static class MySqlBatchWriter
{
    private const string Columns = "run_uuid, `key`, value, `timestamp`, step, is_nan, model_id, dataset_name, dataset_digest";

    /// <summary>
    /// A stored latest value is replaced when the candidate wins by the (step, timestamp, value) rule. MySQL applies
    /// the assignments left to right, each seeing the ones before it, so the order matters: is_nan and value first
    /// (the rule still reads the old row), then timestamp (the rule now sees the new value, so it holds exactly when
    /// the step or timestamp grew), then step (it holds exactly when the step grew). With MariaDB's
    /// SIMULTANEOUS_ASSIGNMENT mode every assignment reads the old row, and the result is the same.
    /// </summary>
    private const string Wins = "(VALUES(step) > step OR (VALUES(step) = step AND (VALUES(`timestamp`) > `timestamp` "
        + "OR (VALUES(`timestamp`) = `timestamp` AND VALUES(value) > value))))";

    private const string LatestUpsert = " ON DUPLICATE KEY UPDATE is_nan = IF(" + Wins + ", VALUES(is_nan), is_nan), "
        + "value = IF(" + Wins + ", VALUES(value), value), `timestamp` = IF(" + Wins + ", VALUES(`timestamp`), `timestamp`), "
        + "step = IF(" + Wins + ", VALUES(step), step)";

    public static async Task InsertMetricsAsync(DbConnection connection, DbTransaction? tx, string runId, IReadOnlyList<MetricPoint> points, CancellationToken ct)
    {
        if (points.Count == 0)
            return;
        await using var command = BatchWriter.Command(connection, tx, "");
        BatchWriter.Add(command, "run", runId);
        var text = new StringBuilder($"INSERT IGNORE INTO metrics ({Columns}) VALUES ");
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            var stored = StoredValue.From(p.Value);
            text.Append(i == 0 ? "(" : ", (").Append("@run, ");
            Values(text, command, i, "m", p.Key, stored.Value, p.Timestamp, p.Step, stored.IsNan, p.ModelId, p.DatasetName, p.DatasetDigest);
            text.Append(')');
        }
        text.Append(";\nINSERT INTO latest_metrics (run_uuid, `key`, value, `timestamp`, step, is_nan) VALUES ");
        var i2 = 0;
        foreach (var (key, (step, timestamp, value)) in BatchWriter.LatestPerKey(points))
        {
            text.Append(i2 == 0 ? "(" : ", (").Append("@run, ");
            Values(text, command, i2++, "l", key, value.Value, timestamp, step, value.IsNan);
            text.Append(')');
        }
        command.CommandText = text.Append(LatestUpsert).ToString();
        await command.ExecuteNonQueryAsync(ct);
    }

    public static Task InsertParamsAsync(DbConnection connection, DbTransaction tx, string runId, IReadOnlyList<KeyValue> rows, CancellationToken ct) =>
        WriteKeyValuesAsync(connection, tx, "INSERT IGNORE INTO params", runId, rows, "", ct);

    public static Task UpsertTagsAsync(DbConnection connection, DbTransaction tx, string runId, IReadOnlyList<KeyValue> rows, CancellationToken ct) =>
        WriteKeyValuesAsync(connection, tx, "INSERT INTO tags", runId, rows, " ON DUPLICATE KEY UPDATE value = VALUES(value)", ct);

    private static async Task WriteKeyValuesAsync(DbConnection connection, DbTransaction tx, string insert, string runId, IReadOnlyList<KeyValue> rows,
        string conflict, CancellationToken ct)
    {
        if (rows.Count == 0)
            return;
        await using var command = BatchWriter.Command(connection, tx, "");
        BatchWriter.Add(command, "run", runId);
        var text = new StringBuilder(insert).Append(" (run_uuid, `key`, value) VALUES ");
        for (var i = 0; i < rows.Count; i++)
        {
            text.Append(i == 0 ? "(" : ", (").Append("@run, ");
            Values(text, command, i, "kv", rows[i].Key, rows[i].Value);
            text.Append(')');
        }
        command.CommandText = text.Append(conflict).ToString();
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Appends one row's parameters (named <c>@{prefix}{row}_{column}</c>) separated by commas.</summary>
    private static void Values(StringBuilder text, DbCommand command, int row, string prefix, params object?[] values)
    {
        for (var c = 0; c < values.Length; c++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"{prefix}{row}_{c}");
            BatchWriter.Add(command, name, values[c]);
            text.Append(c == 0 ? "@" : ", @").Append(name);
        }
    }
}
