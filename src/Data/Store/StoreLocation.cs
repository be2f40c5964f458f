namespace Workspaces.Data.Store;

/// <summary>A parsed backend store URI: the provider, its ADO.NET connection string and a password-free form for messages.</summary>
public sealed record StoreLocation(DatabaseProvider Provider, string ConnectionString, string Display);
