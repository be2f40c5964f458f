using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Artifacts;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;
using Workspaces.Data.Errors;

namespace Workspaces.Data.Tracking;

/// <summary>MLflow 3 logged models of the current workspace (through their experiment).</summary>
public sealed class LoggedModelService(IDbContextFactory<TrackingDbContext> dbFactory, TimeProvider time, Auth.Authorizer authz)
{
    private static readonly System.Buffers.SearchValues<char> BadNameCharacters = System.Buffers.SearchValues.Create("/:.%\"'");

    /// <summary>What the caller may do with a logged model, for showing buttons; operations decide again themselves.</summary>
    public Task<Common.Permission> PermissionAsync(string modelId, CancellationToken ct) => authz.OnLoggedModelAsync(modelId, ct);

    public async Task<Result<LoggedModelDto>> CreateAsync(CreateLoggedModelRequest request, CancellationToken ct)
    {
        if (request.Name is not null && (request.Name.Length == 0 || request.Name.AsSpan().ContainsAny(BadNameCharacters)))
        {
            return Error.InvalidParameter($"Invalid model name ('{request.Name}') provided. Model name must be a non-empty string and cannot contain "
                + "the following characters: ('/', ':', '.', '%', '\"', \"'\")");
        }
        var fields = StoredText.Check(request.Name, "name", StoredText.LoggedModelName)
            ?? StoredText.Check(request.ModelType, "model_type", StoredText.ModelType)
            ?? StoredText.Check(request.SourceRunId, "source_run_id", StoredText.RunId)
            ?? Pairs(request.Params, "params", StoredText.ParamValue) ?? Pairs(request.Tags, "tags", StoredText.RunTagValue);
        if (fields is not null)
            return fields;
        var experimentId = ExperimentIds.Parse(request.ExperimentId);
        if (!experimentId.IsSuccess)
            return experimentId.Error;
        if (await authz.ExperimentAsync(experimentId.Value, Common.AccessLevel.Update, ct) is { } denied)
            return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var experiment = await db.Experiments.FirstOrDefaultAsync(e => e.ExperimentId == experimentId.Value, ct);
        if (experiment is null)
            return ExperimentIds.NotFound(ExperimentIds.Format(experimentId.Value));
        if (experiment.LifecycleStage != Experiment.ActiveStage)
            return ExperimentIds.NotActive(experiment.ExperimentId, experiment.LifecycleStage);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var modelId = Identifiers.NewLoggedModelId();
        var model = new LoggedModel
        {
            ModelId = modelId,
            ExperimentId = experiment.ExperimentId,
            Name = request.Name ?? Identifiers.NewRunName(),
            ArtifactLocation = ArtifactUri.Append(experiment.ArtifactLocation ?? "", "models", modelId, "artifacts"),
            CreationTimestampMs = now,
            LastUpdatedTimestampMs = now,
            ModelType = string.IsNullOrEmpty(request.ModelType) ? null : request.ModelType,
            SourceRunId = string.IsNullOrEmpty(request.SourceRunId) ? null : request.SourceRunId,
        };
        model.Params.AddRange(request.Params.GroupBy(p => p.Key).Select(g => new LoggedModelParam { ModelId = modelId, Key = g.Key, Value = g.Last().Value }));
        model.Tags.AddRange(request.Tags.GroupBy(t => t.Key).Select(g => new LoggedModelTag { ModelId = modelId, Key = g.Key, Value = g.Last().Value }));
        db.LoggedModels.Add(model);
        await db.SaveChangesAsync(ct);
        return (await LoadAsync(db, [modelId], ct))[0];
    }

    public async Task<Result<LoggedModelDto>> GetAsync(string modelId, bool allowDeleted, CancellationToken ct)
    {
        if (await authz.LoggedModelAsync(modelId, Common.AccessLevel.Read, ct) is { } denied)
            return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var models = await LoadAsync(db, [modelId], ct, allowDeleted);
        return models.Count == 0 ? NotFoundErrors.LoggedModel(modelId) : models[0];
    }

    public Task<Result<LoggedModelDto>> FinalizeAsync(string modelId, string status, CancellationToken ct) =>
        ChangeAsync(modelId, Common.AccessLevel.Update, (_, model) =>
        {
            model.Status = status;
            return Task.FromResult(Result.Ok);
        }, ct);

    public async Task<Result> DeleteAsync(string modelId, CancellationToken ct) =>
        (await ChangeAsync(modelId, Common.AccessLevel.Delete, (_, model) =>
        {
            model.LifecycleStage = Experiment.DeletedStage;
            return Task.FromResult(Result.Ok);
        }, ct, allowDeleted: false)).Error is { } error ? error : Result.Ok;

    public Task<Result<LoggedModelDto>> SetTagsAsync(string modelId, IReadOnlyList<KeyValue> tags, CancellationToken ct) =>
        Pairs(tags, "tags", StoredText.RunTagValue) is { } bad ? Task.FromResult<Result<LoggedModelDto>>(bad) : ChangeAsync(modelId, Common.AccessLevel.Update, async (db, model) =>
        {
            foreach (var tag in tags.GroupBy(t => t.Key).Select(g => g.Last()))
            {
                var existing = await db.LoggedModelTags.AsTracking().FirstOrDefaultAsync(t => t.ModelId == modelId && t.Key == tag.Key, ct);
                if (existing is null)
                    db.LoggedModelTags.Add(new LoggedModelTag { ModelId = modelId, Key = tag.Key, Value = tag.Value });
                else
                    existing.Value = tag.Value;
            }
            return Result.Ok;
        }, ct);

    public async Task<Result> DeleteTagAsync(string modelId, string key, CancellationToken ct)
    {
        var result = await ChangeAsync(modelId, Common.AccessLevel.Delete, async (db, _) =>
        {
            var removed = await db.LoggedModelTags.Where(t => t.ModelId == modelId && t.Key == key).ExecuteDeleteAsync(ct);
            return removed == 0 ? Error.NotFound($"No tag with key '{key}' found for model with ID '{modelId}'.") : Result.Ok;
        }, ct);
        return result.Error is { } error ? error : Result.Ok;
    }

    public async Task<Result> LogParamsAsync(string modelId, IReadOnlyList<KeyValue> parameters, CancellationToken ct)
    {
        if (Pairs(parameters, "params", StoredText.ParamValue) is { } bad)
            return bad;
        var result = await ChangeAsync(modelId, Common.AccessLevel.Update, async (db, _) =>
        {
            foreach (var p in parameters.GroupBy(x => x.Key).Select(g => g.Last()))
            {
                var existing = await db.LoggedModelParams.FirstOrDefaultAsync(x => x.ModelId == modelId && x.Key == p.Key, ct);
                if (existing is null)
                    db.LoggedModelParams.Add(new LoggedModelParam { ModelId = modelId, Key = p.Key, Value = p.Value });
                else if (existing.Value != p.Value)
                    return Error.BadRequest($"Param '{p.Key}' of logged model '{modelId}' was already logged with value '{existing.Value}'.");
            }
            return Result.Ok;
        }, ct);
        return result.Error is { } error ? error : Result.Ok;
    }

    private static Error? Pairs(IReadOnlyList<KeyValue> pairs, string path, int valueLimit) =>
        StoredText.CheckPairs(pairs.Select(p => ((string?)p.Key, p.Value)), path, StoredText.EntityKey, valueLimit);

    /// <summary>Finalize, tags and params also reach deleted models, as in MLflow; delete does not.</summary>
    private async Task<Result<LoggedModelDto>> ChangeAsync(string modelId, Common.AccessLevel level, Func<TrackingDbContext, LoggedModel, Task<Result>> change,
        CancellationToken ct, bool allowDeleted = true)
    {
        if (await authz.LoggedModelAsync(modelId, level, ct) is { } denied)
            return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var model = await db.LoggedModels.AsTracking()
            .FirstOrDefaultAsync(m => m.ModelId == modelId && (allowDeleted || m.LifecycleStage == Experiment.ActiveStage), ct);
        if (model is null)
            return NotFoundErrors.LoggedModel(modelId);
        var outcome = await change(db, model);
        if (!outcome.IsSuccess)
            return outcome.Error;
        model.LastUpdatedTimestampMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        await db.SaveChangesAsync(ct);
        return (await LoadAsync(db, [modelId], ct, allowDeleted: true))[0];
    }

    internal static async Task<List<LoggedModelDto>> LoadAsync(TrackingDbContext db, IReadOnlyList<string> ids, CancellationToken ct, bool allowDeleted = false)
    {
        var models = await db.LoggedModels.Include(m => m.Tags).Include(m => m.Params)
            .Where(m => ids.Contains(m.ModelId) && (allowDeleted || m.LifecycleStage == Experiment.ActiveStage))
            .ToDictionaryAsync(m => m.ModelId, ct);
        var metrics = (await db.Metrics.Where(m => m.ModelId != null && ids.Contains(m.ModelId)).ToListAsync(ct)).ToLookup(m => m.ModelId!);
        return ids.Where(models.ContainsKey).Select(id =>
        {
            var m = models[id];
            return new LoggedModelDto(m.ModelId, ExperimentIds.Format(m.ExperimentId), m.Name, m.CreationTimestampMs, m.LastUpdatedTimestampMs,
                m.ArtifactLocation, m.Status, m.ModelType, m.SourceRunId, m.StatusMessage,
                m.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new KeyValue(t.Key, t.Value)).ToList(),
                m.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new KeyValue(p.Key, p.Value)).ToList(),
                metrics[id].OrderBy(x => x.Key, StringComparer.Ordinal).ThenBy(x => x.Step).ThenBy(x => x.Timestamp)
                    .Select(x => new MetricDto(x.Key, new StoredValue(x.Value, x.IsNan).ToDouble(), x.Timestamp, x.Step, x.RunUuid, x.ModelId, x.DatasetName, x.DatasetDigest))
                    .ToList());
        }).ToList();
    }
}
