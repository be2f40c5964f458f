namespace Workspaces.Web.Components.Shell;

/// <summary>
/// Previous/next over MLflow page tokens, which only go forward: the tokens of the pages already seen are
/// kept so "previous" can ask for an earlier page again.
/// </summary>
public sealed class TokenPager
{
    private readonly Stack<string?> _previous = new();

    public string? Current { get; private set; }

    public string? Next { get; set; }

    public bool HasPrevious => _previous.Count > 0;

    public bool HasNext => Next is not null;

    public int PageNumber => _previous.Count + 1;

    public void Forward()
    {
        if (Next is null)
            return;
        _previous.Push(Current);
        Current = Next;
    }

    public void Back() => Current = _previous.Count > 0 ? _previous.Pop() : null;

    public void Reset()
    {
        _previous.Clear();
        Current = null;
        Next = null;
    }
}
