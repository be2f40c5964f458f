namespace Workspaces.Data.Tracking;

/// <summary>
/// Min/max-preserving downsampling of one series read in step order: the step range is cut into equal buckets and
/// each bucket keeps its lowest and highest value, so spikes survive; the first and last points are always kept.
/// Points are fed one at a time, so a 100,000-point history is never held in memory.
/// </summary>
public sealed class MetricSampler<T>
{
    private readonly long _firstStep;
    private readonly long _span;
    private readonly int _buckets;
    private readonly (long Index, T Point, double Value)?[] _min;
    private readonly (long Index, T Point, double Value)?[] _max;
    private (long Index, T Point)? _first;
    private (long Index, T Point)? _last;
    private long _seen;

    /// <param name="firstStep">The lowest step that will be fed.</param>
    /// <param name="lastStep">The highest step that will be fed.</param>
    /// <param name="maxPoints">At most this many points come out; at least 4 (first, last and one bucket's min and max).</param>
    public MetricSampler(long firstStep, long lastStep, int maxPoints)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 4);
        _firstStep = firstStep;
        _span = Math.Max(1, lastStep - firstStep + 1);
        _buckets = (maxPoints - 2) / 2;
        _min = new (long, T, double)?[_buckets];
        _max = new (long, T, double)?[_buckets];
    }

    /// <summary>Feeds the next point (steps must not decrease).</summary>
    public void Add(T point, long step, double value)
    {
        var index = _seen++;
        _first ??= (index, point);
        _last = (index, point);
        // double keeps (step - first) * buckets from overflowing for steps near long.MaxValue.
        var bucket = (int)Math.Clamp((double)(step - _firstStep) / _span * _buckets, 0, _buckets - 1);
        // NaN never wins a comparison, so a bucket keeps its finite extremes when it has any.
        if (_min[bucket] is not { } low || value < low.Value || double.IsNaN(low.Value))
            _min[bucket] = (index, point, value);
        if (_max[bucket] is not { } high || value > high.Value || double.IsNaN(high.Value))
            _max[bucket] = (index, point, value);
    }

    /// <summary>The kept points in the order they were fed, each once.</summary>
    public IReadOnlyList<T> Result()
    {
        var kept = new SortedDictionary<long, T>();
        if (_first is { } first)
            kept[first.Index] = first.Point;
        if (_last is { } last)
            kept[last.Index] = last.Point;
        for (var b = 0; b < _buckets; b++)
        {
            if (_min[b] is { } low)
                kept[low.Index] = low.Point;
            if (_max[b] is { } high)
                kept[high.Index] = high.Point;
        }
        return [.. kept.Values];
    }
}
