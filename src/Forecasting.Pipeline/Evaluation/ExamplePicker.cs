using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;

namespace Forecasting.Pipeline.Evaluation;

/// <summary>
/// Keeps a few series worth charting while a back-test streams past them: the highest-volume ones,
/// one per SKU (ties broken by key, so the choice is deterministic) and the best-selling intermittent one (mean
/// under one unit a day, most days zero), which shows how the models treat the long tail.
/// </summary>
internal sealed class ExamplePicker(int count)
{
    private readonly List<Candidate> _top = [];
    private Candidate? _intermittent;

    public void Offer(DemandSeries history, double[] actuals, IReadOnlyList<SeriesForecast> forecasts)
    {
        if (count == 0)
        {
            return;
        }

        double volume = 0;
        int zeros = 0;
        foreach (double v in history.Values)
        {
            volume += v;
            zeros += v == 0 ? 1 : 0;
        }

        var candidate = new Candidate(history, actuals, forecasts, volume);
        bool intermittent = volume < history.Length && zeros * 2 > history.Length;
        if (intermittent && count > 1 && (_intermittent is null || Better(candidate, _intermittent)))
        {
            _intermittent = candidate;
        }

        int topCount = count > 1 ? count - 1 : 1;
        int sameSku = _top.FindIndex(c => c.History.Key.Sku == history.Key.Sku);
        if (sameSku >= 0)
        {
            if (!Better(candidate, _top[sameSku]))
            {
                return;
            }

            _top.RemoveAt(sameSku); // one chart per SKU: its best-selling region
        }

        _top.Add(candidate);
        _top.Sort((a, b) => Better(a, b) ? -1 : Better(b, a) ? 1 : 0);
        if (_top.Count > topCount)
        {
            _top.RemoveAt(_top.Count - 1);
        }
    }

    public IReadOnlyList<BacktestExample> Build(int historyDays)
    {
        var picked = _top.Select(c => (c, "highest volume")).ToList();
        if (_intermittent is { } tail && !_top.Contains(tail))
        {
            picked.Add((tail, "intermittent (long tail)"));
        }

        return [.. picked.Select(p => Example(p.c, p.Item2, historyDays))];
    }

    private static BacktestExample Example(Candidate c, string why, int historyDays)
    {
        int from = Math.Max(0, c.History.Length - historyDays);
        return new BacktestExample(c.History.Key, why, c.History.PeriodStart(from), c.History.Values[from..].ToArray(), c.Actuals, c.Forecasts);
    }

    private static bool Better(Candidate a, Candidate b) =>
        a.Volume > b.Volume || (a.Volume == b.Volume && string.CompareOrdinal(a.History.Key.ToString(), b.History.Key.ToString()) < 0);

    private sealed record Candidate(DemandSeries History, double[] Actuals, IReadOnlyList<SeriesForecast> Forecasts, double Volume);
}
