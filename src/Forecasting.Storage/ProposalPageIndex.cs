namespace Forecasting.Storage;

/// <summary>
/// What a store remembers about one proposal listing (filters and sort) at one revision of the proposals: the
/// total, and the sort key of every <see cref="Stride"/>-th row (the anchors), found lazily as deeper pages are
/// asked for. A page then starts with a seek to the anchor at or before its offset and walks fewer than
/// <see cref="Stride"/> index entries, instead of walking the whole offset on every request.
/// </summary>
internal sealed class ProposalPageIndex(int total)
{
    public const int Stride = 500;

    private readonly List<(double Key, long Id)> _anchors = [];

    public int Total { get; } = total;

    /// <summary>The sort key of row <paramref name="index"/> x <see cref="Stride"/>; <paramref name="next"/> reads the
    /// row <see cref="Stride"/> after a given anchor (or the first row, given none) from the store.</summary>
    public (double Key, long Id)? Anchor(int index, Func<(double Key, long Id)?, (double Key, long Id)?> next)
    {
        lock (_anchors)
        {
            while (_anchors.Count <= index)
            {
                var found = next(_anchors.Count == 0 ? null : _anchors[^1]);
                if (found is null)
                {
                    return null;
                }

                _anchors.Add(found.Value);
            }

            return _anchors[index];
        }
    }
}
