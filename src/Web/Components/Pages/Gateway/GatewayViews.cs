using Workspaces.Data.Gateway;
using Workspaces.Web.Components.Shell;

namespace Workspaces.Web.Components.Pages.Gateway;

/// <summary>Addresses and wording shared by the gateway pages.</summary>
public static class GatewayViews
{
    public static string Url(string ws) => Sections.Url(ws, "gateway");

    public static string EndpointUrl(string ws, string endpointId) => $"{Url(ws)}/endpoints/{Uri.EscapeDataString(endpointId)}";

    /// <summary>Masked values as one line (<c>api_key: sk-...1234</c>); the plaintext never reaches the UI.</summary>
    public static string Masked(IReadOnlyDictionary<string, string> masked) =>
        string.Join(", ", masked.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value}"));

    public static string Linkage(GatewayMappingDto mapping) => mapping.LinkageType == GatewayRules.Fallback
        ? $"FALLBACK #{mapping.FallbackOrder?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}"
        : GatewayRules.Primary;
}

/// <summary>One editable key/value row of a dialog (secret fields, auth_config); mutable for binding.</summary>
public sealed class EditableEntry
{
    public string Key { get; set; } = "";

    public string Value { get; set; } = "";

    /// <summary>The rows with a key, as the services take maps; null when there are none.</summary>
    public static Dictionary<string, string>? ToMap(IEnumerable<EditableEntry> rows)
    {
        var map = rows.Where(r => r.Key.Trim().Length > 0).GroupBy(r => r.Key.Trim(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
        return map.Count == 0 ? null : map;
    }
}

/// <summary>One model mapping of an endpoint as the dialogs edit it.</summary>
public sealed class MappingDraft
{
    public string? ModelDefinitionId { get; set; }

    public string LinkageType { get; set; } = GatewayRules.Primary;

    public double Weight { get; set; } = 1.0;

    public int? FallbackOrder { get; set; }

    public bool IsFallback => LinkageType == GatewayRules.Fallback;

    public GatewayModelConfig ToConfig() => new(ModelDefinitionId, LinkageType, Weight, IsFallback ? FallbackOrder ?? 0 : null);

    public static MappingDraft From(GatewayMappingDto m) => new()
    {
        ModelDefinitionId = m.ModelDefinitionId, LinkageType = m.LinkageType, Weight = m.Weight, FallbackOrder = m.FallbackOrder,
    };
}
