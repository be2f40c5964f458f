using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;
using Workspaces.Data.Store;

namespace Workspaces.Data.Tracking;

/// <summary>
/// Assembles full runs (info, latest metrics, params, tags, inputs, outputs), keeping the order given. The runs pass
/// the workspace filter (or come from a search over experiments that did); their child rows are then read for exactly
/// those ids, so the children's own join-heavy filters would only repeat the check. The child tables are read with
/// plain readers, all in one command (one round trip): for a 1,000-run search page EF's six queries and their
/// materialization cost more than the reads themselves.
/// </summary>
internal static class RunReader
{
    private const int ChunkSize = 1000;

    public static async Task<List<RunDto>> LoadAsync(TrackingDbContext db, IReadOnlyList<string> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
            return [];
        var runs = await db.Runs.Where(r => ids.Contains(r.RunUuid)).ToDictionaryAsync(r => r.RunUuid, ct);
        return await WithDataAsync(db, ids.Where(runs.ContainsKey).Select(id => runs[id]).ToList(), ct);
    }

    /// <summary>The runs, already checked against the workspace, with their data.</summary>
    public static async Task<List<RunDto>> WithDataAsync(TrackingDbContext db, IReadOnlyList<Run> runs, CancellationToken ct)
    {
        if (runs.Count == 0)
            return [];
        var data = new Dictionary<string, Children>(runs.Count, StringComparer.Ordinal);
        foreach (var run in runs)
            data.TryAdd(run.RunUuid, new Children());
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            foreach (var chunk in data.Keys.Chunk(ChunkSize))
                await ReadAsync(db, chunk, data, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return runs.Select(run => data[run.RunUuid].ToDto(run)).ToList();
    }

    public static RunInfoDto ToInfo(Run run) => new(
        run.RunUuid, run.Name, ExperimentIds.Format(run.ExperimentId), run.UserId, run.Status, run.StartTime, run.EndTime,
        run.ArtifactUri, run.LifecycleStage);

    private static async Task ReadAsync(TrackingDbContext db, string[] ids, Dictionary<string, Children> data, CancellationToken ct)
    {
        await using var command = BatchWriter.Command(db.Database.GetDbConnection(), null, "");
        string In(string column) => command is NpgsqlCommand ? $"{column} = ANY(@ids)" : $"{column} IN ({string.Join(", ", ids.Select((_, i) => $"@p{i}"))})";
        var sql = string.Join(";\n",
            $"SELECT run_uuid, \"key\", value, \"timestamp\", step, is_nan FROM latest_metrics WHERE {In("run_uuid")}",
            $"SELECT run_uuid, \"key\", value FROM params WHERE {In("run_uuid")}",
            $"SELECT run_uuid, \"key\", value FROM tags WHERE {In("run_uuid")}",
            "SELECT x.run_uuid, x.dataset_uuid, d.name, d.digest, d.source_type, d.source, d.\"schema\", d.profile FROM run_dataset_inputs x "
                + $"JOIN datasets d ON d.dataset_uuid = x.dataset_uuid WHERE {In("x.run_uuid")} ORDER BY x.run_uuid, x.dataset_uuid",
            $"SELECT run_uuid, dataset_uuid, \"key\", value FROM input_tags WHERE {In("run_uuid")}",
            $"SELECT run_uuid, model_id, direction, step FROM run_model_links WHERE {In("run_uuid")} ORDER BY run_uuid, model_id, direction");
        command.CommandText = SqlDialect.Identifiers(db is MySqlTrackingDbContext ? DatabaseProvider.MySql : DatabaseProvider.Postgres, sql);
        if (command is NpgsqlCommand npgsql)
            npgsql.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = ids });
        else
            for (var i = 0; i < ids.Length; i++)
                BatchWriter.Add(command, $"p{i}", ids[i]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            data[reader.GetString(0)].Metrics.Add(new MetricDto(reader.GetString(1), new StoredValue(reader.GetDouble(2), reader.GetBoolean(5)).ToDouble(),
                reader.GetInt64(3), reader.GetInt64(4)));
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
            data[reader.GetString(0)].Params.Add(new KeyValue(reader.GetString(1), Text(reader, 2)));
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
            data[reader.GetString(0)].Tags.Add(new KeyValue(reader.GetString(1), Text(reader, 2)));
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
            data[reader.GetString(0)].Inputs.Add((reader.GetString(1), new DatasetDto(reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), Text(reader, 6), Text(reader, 7))));
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
            data[reader.GetString(0)].InputTags.Add((reader.GetString(1), new KeyValue(reader.GetString(2), Text(reader, 3))));
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
            data[reader.GetString(0)].Links.Add((reader.GetString(1), reader.GetString(2), reader.GetInt64(3)));
    }

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>One run's child rows as they are read.</summary>
    private sealed class Children
    {
        public List<MetricDto> Metrics { get; } = [];

        public List<KeyValue> Params { get; } = [];

        public List<KeyValue> Tags { get; } = [];

        public List<(string DatasetUuid, DatasetDto Dataset)> Inputs { get; } = [];

        public List<(string DatasetUuid, KeyValue Tag)> InputTags { get; } = [];

        public List<(string ModelId, string Direction, long Step)> Links { get; } = [];

        public RunDto ToDto(Run run) => new(
            ToInfo(run),
            Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).ToList(),
            Params.OrderBy(p => p.Key, StringComparer.Ordinal).ToList(),
            Tags.OrderBy(t => t.Key, StringComparer.Ordinal).ToList(),
            Inputs.Select(i => new DatasetInputDto(
                InputTags.Where(t => t.DatasetUuid == i.DatasetUuid).Select(t => t.Tag).OrderBy(t => t.Key, StringComparer.Ordinal).ToList(), i.Dataset)).ToList(),
            Links.Where(l => l.Direction == RunModelLink.Input).Select(l => new ModelIoDto(l.ModelId, null)).ToList(),
            Links.Where(l => l.Direction == RunModelLink.Output).Select(l => new ModelIoDto(l.ModelId, l.Step)).ToList());
    }
}
