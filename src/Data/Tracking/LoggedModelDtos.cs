using Workspaces.Data.Common;

namespace Workspaces.Data.Tracking;

public sealed record LoggedModelDto(
    string ModelId, string ExperimentId, string Name, long CreationTimestampMs, long LastUpdatedTimestampMs, string? ArtifactUri,
    string Status, string? ModelType, string? SourceRunId, string? StatusMessage,
    IReadOnlyList<KeyValue> Tags, IReadOnlyList<KeyValue> Params, IReadOnlyList<MetricDto> Metrics);

public sealed record CreateLoggedModelRequest(string? ExperimentId, string? Name, string? ModelType, string? SourceRunId,
    IReadOnlyList<KeyValue> Params, IReadOnlyList<KeyValue> Tags);

public sealed record LoggedModelOrder(string FieldName, bool Ascending, string? DatasetName, string? DatasetDigest);

public sealed record LoggedModelDatasetFilter(string DatasetName, string? DatasetDigest);

public sealed record LoggedModelSearchRequest(IReadOnlyList<string> ExperimentIds, string? Filter, IReadOnlyList<LoggedModelDatasetFilter> Datasets,
    long? MaxResults, IReadOnlyList<LoggedModelOrder> OrderBy, string? PageToken);

public sealed record LoggedModelPage(IReadOnlyList<LoggedModelDto> Models, string? NextPageToken);
