using System.Collections.Concurrent;

namespace Forecasting.Storage;

/// <summary>
/// Values computed from a table, each remembered with the table's revision at the time: a lookup hits only while
/// the revision is unchanged, so a stale value is never returned. Bounded: past <c>capacity</c> entries the cache
/// starts over (the keys are filter combinations, of which a real client uses a handful). Thread-safe.
/// </summary>
internal sealed class RevisionCache<TValue>(int capacity = 256)
{
    private readonly ConcurrentDictionary<string, (long Revision, TValue Value)> _entries = new(StringComparer.Ordinal);

    public bool TryGet(string key, long revision, out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Revision == revision)
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    public void Set(string key, long revision, TValue value)
    {
        if (_entries.Count >= capacity)
        {
            _entries.Clear();
        }

        _entries[key] = (revision, value);
    }
}
