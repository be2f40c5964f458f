namespace Workspaces.Data.Store;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
    MySql,
}
