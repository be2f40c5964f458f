using System.Globalization;
using System.Text.RegularExpressions;
using Workspaces.Data.Errors;

namespace Workspaces.Data.Maintenance;

/// <summary><c>--older-than</c> in MLflow's <c>#d#h#m#s</c> form (fixed order, decimals allowed, "" = 0).</summary>
public static partial class GcAge
{
    // A century: far beyond any retention, far below the long range (Python's timedelta would overflow too).
    private const double MaxMicroseconds = 100 * 365.25 * 86_400_000_000;

    public static Result<long> Parse(string value)
    {
        var match = Pattern().Match(value);
        if (!match.Success)
            return Unparsable(value);
        double micros = 0;
        foreach (var (group, unit) in new[] { ("days", 86_400_000_000d), ("hours", 3_600_000_000d), ("minutes", 60_000_000d), ("seconds", 1_000_000d) })
        {
            var text = match.Groups[group].Value;
            if (text.Length == 0)
                continue;
            // The pattern lets "1.2.3" through; Python's float() then fails, and so does this.
            if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
                return Unparsable(value);
            micros += amount * unit;
        }
        if (micros > MaxMicroseconds)
            return Unparsable(value);
        // timedelta rounds to whole microseconds (so 1.2d is exactly 103680 s), then int() truncates the milliseconds.
        return (long)Math.Round(micros, MidpointRounding.ToEven) / 1000;
    }

    private static Error Unparsable(string value) => Error.InvalidParameter(
        $"Could not parse any time information from '{value}'. Examples of valid strings: '8h', '2d8h5m20s', '2m4s'");

    // MLflow's regex, with ASCII digits (Python's float() would take other scripts' digits; nobody types them).
    [GeneratedRegex(@"^((?<days>[.0-9]+?)d)?((?<hours>[.0-9]+?)h)?((?<minutes>[.0-9]+?)m)?((?<seconds>[.0-9]+?)s)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
