namespace Workspaces.Data.Search;

internal enum TokenKind
{
    Identifier,
    SingleQuoted,
    DoubleQuoted,
    Number,
    Operator,
    Keyword,
    List,
    Semicolon,
    Other,
}

internal sealed record Token(TokenKind Kind, string Text)
{
    public bool IsKeyword(string word) => Kind == TokenKind.Keyword && string.Equals(Text, word, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => Text;
}

/// <summary>
/// Splits an MLflow filter into the tokens sqlparse would see: dotted identifiers (parts may be
/// `backticked` or "double-quoted"), single-quoted strings (kept verbatim, no unescaping), numbers,
/// comparison operators, keywords, parenthesised lists and statement separators.
/// </summary>
internal static class FilterTokenizer
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "AND", "OR", "NOT", "IN", "LIKE", "ILIKE", "IS", "NULL", "BETWEEN", "TRUE", "FALSE",
    };

    private static readonly string[] Operators = ["<=", ">=", "!=", "<>", "==", "~=", "=", "<", ">", "~"];

    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            var start = i;
            if (c == '\'')
            {
                i = SkipQuoted(text, i, '\'');
                tokens.Add(new Token(i < 0 ? TokenKind.Other : TokenKind.SingleQuoted, text[start..(i < 0 ? text.Length : i)]));
                if (i < 0)
                    break;
            }
            else if (c == '(')
            {
                i = SkipList(text, i);
                tokens.Add(new Token(i < 0 ? TokenKind.Other : TokenKind.List, text[start..(i < 0 ? text.Length : i)]));
                if (i < 0)
                    break;
            }
            else if (c == ';')
            {
                tokens.Add(new Token(TokenKind.Semicolon, ";"));
                i++;
            }
            else if (IsNumberStart(text, i))
            {
                i = ScanNumber(text, i);
                tokens.Add(new Token(TokenKind.Number, text[start..i]));
            }
            else if (IsWordChar(c) || c is '`' or '"')
            {
                var end = ScanIdentifier(text, i);
                if (end < 0)
                {
                    tokens.Add(new Token(TokenKind.Other, text[start..]));
                    break;
                }
                var word = text[start..end];
                var kind = word.StartsWith('"') && ScanPart(text, start) == end ? TokenKind.DoubleQuoted
                    : Keywords.Contains(word) ? TokenKind.Keyword : TokenKind.Identifier;
                tokens.Add(new Token(kind, word));
                i = end;
            }
            else if (Operators.FirstOrDefault(op => string.CompareOrdinal(text, i, op, 0, op.Length) == 0) is { } op)
            {
                tokens.Add(new Token(TokenKind.Operator, op));
                i += op.Length;
            }
            else
            {
                tokens.Add(new Token(TokenKind.Other, c.ToString()));
                i++;
            }
        }
        return tokens;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static bool IsNumberStart(string s, int i)
    {
        var j = s[i] == '-' ? i + 1 : i;
        if (j >= s.Length)
            return false;
        return char.IsAsciiDigit(s[j]) || (s[j] == '.' && j + 1 < s.Length && char.IsAsciiDigit(s[j + 1]));
    }

    private static int ScanNumber(string s, int i)
    {
        if (s[i] == '-')
            i++;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
            i++;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
                i++;
        }
        if (i + 1 < s.Length && s[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (s[j] == '-')
                j++;
            if (j < s.Length && char.IsAsciiDigit(s[j]))
            {
                i = j;
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                    i++;
            }
        }
        return i;
    }

    /// <summary>End of a dotted identifier, or -1 when a quote is not closed.</summary>
    private static int ScanIdentifier(string s, int i)
    {
        while (true)
        {
            i = ScanPart(s, i);
            if (i < 0)
                return -1;
            if (i + 1 < s.Length && s[i] == '.' && (IsWordChar(s[i + 1]) || s[i + 1] is '`' or '"' or '\''))
            {
                i++;
                if (s[i] == '\'')
                    return i - 1; // sqlparse stops at params.'x': the clause is invalid
                continue;
            }
            return i;
        }
    }

    private static int ScanPart(string s, int i)
    {
        if (s[i] is '`' or '"')
            return SkipQuoted(s, i, s[i]);
        while (i < s.Length && IsWordChar(s[i]))
            i++;
        return i;
    }

    /// <summary>Index after the closing quote (SQL doubling and backslash escapes skipped), or -1.</summary>
    private static int SkipQuoted(string s, int i, char quote)
    {
        i++;
        while (i < s.Length)
        {
            if (s[i] == '\\' && quote == '\'' && i + 1 < s.Length)
            {
                i += 2;
                continue;
            }
            if (s[i] == quote)
            {
                if (quote == '\'' && i + 1 < s.Length && s[i + 1] == '\'')
                {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return -1;
    }

    private static int SkipList(string s, int i)
    {
        var depth = 0;
        while (i < s.Length)
        {
            switch (s[i])
            {
                case '\'':
                case '"':
                    var end = SkipQuoted(s, i, s[i]);
                    if (end < 0)
                        return -1;
                    i = end;
                    continue;
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    if (depth == 0)
                        return i + 1;
                    break;
            }
            i++;
        }
        return -1;
    }
}
