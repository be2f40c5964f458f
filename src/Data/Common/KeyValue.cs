namespace Workspaces.Data.Common;

/// <summary>A key and its value as clients send them (params, tags).</summary>
public sealed record KeyValue(string Key, string? Value);
