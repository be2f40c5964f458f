using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;
using Workspaces.Data.Errors;

namespace Workspaces.Data.Tracking;

/// <summary>Datasets and models a run used or produced (log-inputs, outputs) and the legacy log-model record.</summary>
public sealed class RunInputsService(IDbContextFactory<TrackingDbContext> dbFactory, RunLookup lookup, RunLoggingService logging)
{
    public const string LoggedModelsTag = "mlflow.log-model.history";

    public async Task<Result> LogInputsAsync(string runId, IReadOnlyList<DatasetInputRequest> datasets, IReadOnlyList<string> modelIds, CancellationToken ct)
    {
        foreach (var input in datasets)
        {
            if (ValidateDataset(input) is { } bad)
                return bad;
        }
        if (ModelIds(modelIds, "models") is { } badModel)
            return badModel;
        if (await lookup.AuthorizeAsync(runId, Common.AccessLevel.Update, ct) is { } denied)
            return denied;
        var state = await lookup.ActiveAsync(runId, ct);
        if (!state.IsSuccess)
            return state.Error;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await MissingModelAsync(db, modelIds, ct) is { } missingInput)
            return NotFoundErrors.LoggedModel(missingInput);
        var experimentId = state.Value.ExperimentId;
        // The first input per (name, digest) wins, as in MLflow; an existing dataset row is reused unchanged.
        foreach (var input in datasets.GroupBy(d => (d.Dataset.Name, d.Dataset.Digest)).Select(g => g.First()))
        {
            var d = input.Dataset;
            var dataset = await db.Datasets.AsTracking().FirstOrDefaultAsync(x => x.ExperimentId == experimentId && x.Name == d.Name && x.Digest == d.Digest, ct);
            if (dataset is null)
            {
                dataset = new Dataset
                {
                    DatasetUuid = Identifiers.NewDatasetId(), ExperimentId = experimentId, Name = d.Name, Digest = d.Digest,
                    SourceType = d.SourceType, Source = d.Source, Schema = d.Schema, Profile = d.Profile,
                };
                db.Datasets.Add(dataset);
            }
            if (!await db.RunDatasetInputs.AnyAsync(i => i.RunUuid == runId && i.DatasetUuid == dataset.DatasetUuid, ct))
            {
                var link = new RunDatasetInput { RunUuid = runId, DatasetUuid = dataset.DatasetUuid };
                link.Tags.AddRange(input.Tags.GroupBy(t => t.Key).Select(g => g.Last())
                    .Select(t => new InputTag { RunUuid = runId, DatasetUuid = dataset.DatasetUuid, Key = t.Key, Value = t.Value ?? "" }));
                db.RunDatasetInputs.Add(link);
            }
        }
        foreach (var modelId in modelIds.Distinct())
        {
            if (!await db.RunModelLinks.AnyAsync(l => l.RunUuid == runId && l.ModelId == modelId && l.Direction == RunModelLink.Input, ct))
                db.RunModelLinks.Add(new RunModelLink { RunUuid = runId, ModelId = modelId, Direction = RunModelLink.Input });
        }
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }

    public async Task<Result> LogOutputsAsync(string runId, IReadOnlyList<ModelIoDto> models, CancellationToken ct)
    {
        if (ModelIds(models.Select(m => m.ModelId), "models") is { } badModel)
            return badModel;
        if (await lookup.AuthorizeAsync(runId, Common.AccessLevel.Update, ct) is { } denied)
            return denied;
        var state = await lookup.ActiveAsync(runId, ct);
        if (!state.IsSuccess)
            return state.Error;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await MissingModelAsync(db, models.Select(m => m.ModelId).ToList(), ct) is { } missingOutput)
            return NotFoundErrors.LoggedModel(missingOutput);
        foreach (var model in models.GroupBy(m => m.ModelId).Select(g => g.Last()))
        {
            var link = await db.RunModelLinks.AsTracking()
                .FirstOrDefaultAsync(l => l.RunUuid == runId && l.ModelId == model.ModelId && l.Direction == RunModelLink.Output, ct);
            if (link is null)
                db.RunModelLinks.Add(new RunModelLink { RunUuid = runId, ModelId = model.ModelId, Direction = RunModelLink.Output, Step = model.Step ?? 0 });
            else
                link.Step = model.Step ?? 0;
        }
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }

    /// <summary>
    /// The first id that names no logged model of this workspace (the query filter hides other workspaces' models), so a
    /// run cannot link to another team's model or to none.
    /// </summary>
    private static async Task<string?> MissingModelAsync(TrackingDbContext db, IReadOnlyCollection<string> modelIds, CancellationToken ct)
    {
        if (modelIds.Count == 0)
            return null;
        var wanted = modelIds.Distinct().ToList();
        var found = await db.LoggedModels.Where(m => wanted.Contains(m.ModelId)).Select(m => m.ModelId).ToListAsync(ct);
        return wanted.FirstOrDefault(id => !found.Contains(id));
    }

    /// <summary>Legacy runs/log-model: appends the model's summary to the run's <c>mlflow.log-model.history</c> tag.</summary>
    public async Task<Result> LogModelAsync(string runId, string modelJson, CancellationToken ct)
    {
        JsonObject? model;
        try
        {
            model = JsonNode.Parse(modelJson) as JsonObject;
        }
        catch (JsonException)
        {
            model = null;
        }
        if (model is null)
            return Error.InvalidParameter($"Malformed model info. \n {modelJson} \n is not a valid JSON.");
        string[] mandatory = ["artifact_path", "flavors", "utc_time_created", "run_id"];
        var missing = mandatory.Where(f => !model.ContainsKey(f)).ToList();
        if (missing.Count > 0)
            return Error.InvalidParameter($"Model json is missing mandatory fields: {{{string.Join(", ", missing.Select(m => $"'{m}'"))}}}");
        if (await lookup.AuthorizeAsync(runId, Common.AccessLevel.Update, ct) is { } denied)
            return denied;
        var state = await lookup.ActiveAsync(runId, ct);
        if (!state.IsSuccess)
            return state.Error;

        var summary = new JsonObject();
        foreach (var key in new[] { "run_id", "utc_time_created", "artifact_path", "model_uuid", "flavors" })
        {
            if (model.TryGetPropertyValue(key, out var value))
                summary[key] = value?.DeepClone();
        }
        if (summary["flavors"] is JsonObject flavors)
        {
            foreach (var flavor in flavors.Select(f => f.Value).OfType<JsonObject>())
                flavor.Remove("config");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var previous = await db.RunTags.Where(t => t.RunUuid == runId && t.Key == LoggedModelsTag).Select(t => t.Value).FirstOrDefaultAsync(ct);
        var history = (previous is null ? null : TryParseArray(previous)) ?? [];
        history.Add(summary);
        return await logging.SetTagAsync(runId, LoggedModelsTag, history.ToJsonString(), ct);
    }

    private static JsonArray? TryParseArray(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonArray;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Error? ModelIds(IEnumerable<string> ids, string path)
    {
        var i = 0;
        foreach (var id in ids)
        {
            if (StoredText.Check(id, $"{path}[{i++}].model_id", StoredText.LoggedModelId) is { } bad)
                return bad;
        }
        return null;
    }

    private static Error? ValidateDataset(DatasetInputRequest input)
    {
        var d = input.Dataset;
        if (string.IsNullOrEmpty(d.Name))
            return Error.InvalidParameter("Dataset name cannot be None");
        if (string.IsNullOrEmpty(d.Digest))
            return Error.InvalidParameter("Dataset digest cannot be None");
        if (string.IsNullOrEmpty(d.SourceType))
            return Error.InvalidParameter("Dataset source_type cannot be None");
        if (d.Source is null)
            return Error.InvalidParameter("Dataset source cannot be None");
        var lengths = StoredText.Check(d.Name, "name", StoredText.DatasetName) ?? StoredText.Check(d.Digest, "digest", StoredText.DatasetDigest)
            ?? StoredText.Check(d.SourceType, "source_type", StoredText.DatasetSourceType)
            ?? StoredText.Check(d.Source, "source", StoredText.DatasetSource) ?? StoredText.Check(d.Schema, "schema", StoredText.DatasetSchema)
            ?? StoredText.Check(d.Profile, "profile", StoredText.DatasetProfile);
        if (lengths is not null)
            return lengths;
        foreach (var tag in input.Tags)
        {
            if (string.IsNullOrEmpty(tag.Key))
                return Error.InvalidParameter("InputTag key cannot be None");
            if (tag.Value is null)
                return Error.InvalidParameter("InputTag value cannot be None");
            if ((StoredText.Check(tag.Key, "key", StoredText.InputTagKey) ?? StoredText.Check(tag.Value, "value", StoredText.InputTagValue)) is { } bad)
                return bad;
        }
        return null;
    }
}
