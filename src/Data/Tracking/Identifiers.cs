using System.Security.Cryptography;

namespace Workspaces.Data.Tracking;

/// <summary>New ids in MLflow's formats and the random run names clients expect when none is given.</summary>
public static class Identifiers
{
    private static readonly string[] Adjectives =
    [
        "amber", "bold", "brave", "bright", "calm", "clever", "crisp", "daring", "eager", "fancy",
        "gentle", "glad", "golden", "honest", "humble", "jolly", "keen", "kind", "lively", "lucky",
        "merry", "mighty", "nimble", "noble", "polite", "proud", "quick", "quiet", "rapid", "rare",
        "silent", "smart", "solid", "spry", "steady", "sunny", "swift", "tidy", "vast", "witty",
    ];

    private static readonly string[] Nouns =
    [
        "ant", "badger", "bear", "bee", "bison", "crane", "deer", "dove", "eagle", "falcon",
        "finch", "fox", "gecko", "hare", "hawk", "heron", "ibis", "jay", "koala", "lark",
        "lemur", "lynx", "mole", "moose", "newt", "otter", "owl", "panda", "quail", "raven",
        "robin", "seal", "shrew", "sloth", "swan", "tiger", "toad", "trout", "whale", "wren",
    ];

    /// <summary>A run id: 32 lower-case hex characters, like Python's <c>uuid4().hex</c>.</summary>
    public static string NewRunId() => Guid.NewGuid().ToString("N");

    /// <summary>A logged model id: <c>m-</c> followed by 32 hex characters.</summary>
    public static string NewLoggedModelId() => "m-" + Guid.NewGuid().ToString("N");

    public static string NewDatasetId() => Guid.NewGuid().ToString("N");

    /// <summary><c>adjective-noun-number</c>, e.g. <c>swift-otter-417</c>.</summary>
    public static string NewRunName() =>
        $"{Adjectives[RandomNumberGenerator.GetInt32(Adjectives.Length)]}-{Nouns[RandomNumberGenerator.GetInt32(Nouns.Length)]}-{RandomNumberGenerator.GetInt32(1000)}";
}
