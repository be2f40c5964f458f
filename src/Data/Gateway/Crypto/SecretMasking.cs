namespace Workspaces.Data.Gateway.Crypto;

/// <summary>The masked form of a secret value that the API returns instead of the plaintext (MLflow's rule).</summary>
public static class SecretMasking
{
    private const int MinimumLength = 8;

    /// <summary>Per key: <c>***</c> below 8 characters, else the first 3 and last 4 (<c>sk-...1234</c>).</summary>
    public static Dictionary<string, string> Mask(IReadOnlyDictionary<string, string> value)
    {
        var masked = new Dictionary<string, string>(value.Count, StringComparer.Ordinal);
        foreach (var (key, text) in value)
            masked[key] = MaskOne(text);
        return masked;
    }

    private static string MaskOne(string text)
    {
        // Counted in code points as MLflow (Python) does, and never cutting a surrogate pair in half.
        var runes = text.EnumerateRunes().ToArray();
        if (runes.Length < MinimumLength)
            return "***";
        return string.Concat(runes[..3].Select(r => r.ToString())) + "..." + string.Concat(runes[^4..].Select(r => r.ToString()));
    }
}
