namespace Workspaces.Tests.Unit.Infrastructure;

public static class Names
{
    /// <summary>A workspace name unique to one test, so tests can share a server.</summary>
    public static string Unique(string prefix = "ws") => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)];
}
