using System.Text;

namespace Workspaces.Web.Components.Pages.Files;

/// <summary>
/// The first rows of a delimited text file (RFC 4180: quoted fields may hold separators, doubled quotes and
/// line breaks). The first record is the header; parsing stops once <c>maxRows</c> data rows are read.
/// </summary>
public sealed record CsvTable(IReadOnlyList<string> Header, IReadOnlyList<string[]> Rows, bool Truncated)
{
    public static CsvTable Parse(string text, char separator, int maxRows)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var truncated = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c != '"')
                    field.Append(c);
                else if (i + 1 < text.Length && text[i + 1] == '"')
                    field.Append(text[++i]);
                else
                    quoted = false;
                continue;
            }
            if (c == '"' && field.Length == 0)
                quoted = true;
            else if (c == separator)
                fields.Add(Take(field));
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    i++;
                if (fields.Count == 0 && field.Length == 0)
                    continue; // a blank line is no record
                fields.Add(Take(field));
                records.Add([.. fields]);
                fields.Clear();
                if (records.Count > maxRows)
                {
                    truncated = i + 1 < text.Length;
                    break;
                }
            }
            else
                field.Append(c);
        }
        if (!truncated && (field.Length > 0 || fields.Count > 0))
        {
            fields.Add(Take(field));
            records.Add([.. fields]);
        }
        if (records.Count == 0)
            return new CsvTable([], [], false);
        return new CsvTable(records[0], records.Skip(1).ToList(), truncated);
    }

    private static string Take(StringBuilder field)
    {
        var value = field.ToString();
        field.Clear();
        return value;
    }
}
