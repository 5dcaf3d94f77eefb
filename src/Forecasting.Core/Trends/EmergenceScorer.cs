namespace Forecasting.Core.Trends;

/// <summary>
/// Ranks keys (SKUs or attribute values) whose interest moves ahead of their sales. Fed the daily rows of an
/// <see cref="InterestWindow"/> in any order, it scores each key by
/// <code>
/// gI = ln((recent interest/day + a) / (baseline interest/day + a))        a = InterestPrior
/// gU = ln((recent units/day + b) / (baseline units/day + b))              b = UnitsPrior
/// emerging score = gI - clamp(gU, 0, gI)   (gI &gt; 0)       fading score = -gI - clamp(-gU, 0, -gI)   (gI &lt; 0)
/// </code>
/// with gI and gU taken relative to the key's peers (<see cref="InterestDay.Peer"/>: a SKU's category), i.e. less the
/// growth of the other peers' summed interest and units: the part of the interest growth beyond its category's that sales
/// have not followed yet. Against its peers, a season or a platform-wide surge of traffic moves nothing. Sales moving against the interest (a random
/// dip) does not add to the score, sales moving with it takes it away; platform events and promotions lift units more
/// than interest, so they score nothing; seasons lift both. The priors keep a handful of views or units from making a
/// large ratio. A key needs at least <see cref="MinimumRecentInterest"/> interactions in the recent days to be ranked
/// (fewer is noise), a score of at least <see cref="MinimumScore"/>, an interest change at least <see cref="MinimumZ"/> Poisson standard errors from none, and at least one
/// region where interest has turned (<see cref="RegionTurnRatio"/>): a trend is a step somewhere, not a drift of a few
/// per cent everywhere.
/// </summary>
/// <remarks>Not thread-safe. Memory: one array of window days per key and two sums per key and region.</remarks>
public sealed class EmergenceScorer
{
    /// <summary>Interactions per day added to both interest rates.</summary>
    public const double InterestPrior = 2;

    /// <summary>Units per day added to both sales rates.</summary>
    public const double UnitsPrior = 0.5;

    /// <summary>Recent interactions a key needs to be ranked.</summary>
    public const long MinimumRecentInterest = 50;

    /// <summary>Poisson z of the interest change a key needs to be ranked.</summary>
    public const double MinimumZ = 3;

    /// <summary>Score a key needs to be ranked: interest at least 25 % ahead of sales (ln 1.25). A smaller gap is within
    /// what promotions, stock-outs and noise move an item by in a week; designers act on steps, not drifts.</summary>
    public static double MinimumScore { get; } = Math.Log(1.25);

    /// <summary>A region has turned when its recent interest rate is this many times its baseline (or this many times lower, fading).</summary>
    public const double RegionTurnRatio = 1.5;

    private readonly InterestWindow _window;
    private readonly Dictionary<string, KeyLedger> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PeerSums> _peers = new(StringComparer.Ordinal);

    public EmergenceScorer(InterestWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        window.Validate();
        _window = window;
    }

    /// <summary>Adds one row; rows outside the window are ignored.</summary>
    public void Add(in InterestDay row)
    {
        int offset = row.Day.DayNumber - _window.First.DayNumber;
        if ((uint)offset >= (uint)_window.Days)
        {
            return;
        }

        if (!_keys.TryGetValue(row.Key, out var ledger))
        {
            if (!_peers.TryGetValue(row.Peer, out var peer))
            {
                _peers[row.Peer] = peer = new PeerSums();
            }

            _keys[row.Key] = ledger = new KeyLedger(_window.Days, peer);
        }

        ledger.DailyInterest[offset] += row.Interest;
        bool recent = offset >= _window.BaselineDays;
        if (recent)
        {
            ledger.RecentUnits += row.Units;
            ledger.Peer.RecentUnits += row.Units;
            ledger.Peer.RecentInterest += row.Interest;
        }
        else
        {
            ledger.BaselineUnits += row.Units;
            ledger.Peer.BaselineUnits += row.Units;
            ledger.Peer.BaselineInterest += row.Interest;
        }

        if (!ledger.Regions.TryGetValue(row.Region, out var region))
        {
            region = new double[2];
            ledger.Regions[row.Region] = region;
        }

        region[recent ? 1 : 0] += row.Interest;
    }

    /// <summary>The best <paramref name="top"/> keys in <paramref name="direction"/>, strongest first (ties by key).</summary>
    public IReadOnlyList<EmergenceSignal> Rank(EmergenceDirection direction, int top)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var signals = new List<EmergenceSignal>();
        foreach (var (key, ledger) in _keys)
        {
            if (Score(key, ledger, direction) is { } signal)
            {
                signals.Add(signal);
            }
        }

        return [.. signals.OrderByDescending(s => s.Score).ThenBy(s => s.Key, StringComparer.Ordinal).Take(top)];
    }

    private EmergenceSignal? Score(string key, KeyLedger ledger, EmergenceDirection direction)
    {
        int baselineDays = _window.BaselineDays, recentDays = _window.RecentDays;
        double baselineInterest = 0, recentInterest = 0;
        for (int d = 0; d < _window.Days; d++)
        {
            if (d < baselineDays)
            {
                baselineInterest += ledger.DailyInterest[d];
            }
            else
            {
                recentInterest += ledger.DailyInterest[d];
            }
        }

        if (recentInterest < MinimumRecentInterest && baselineInterest * recentDays / baselineDays < MinimumRecentInterest)
        {
            return null;
        }

        // Poisson z of recent against what the baseline rate predicts for the recent days (variance of both counts).
        double expected = baselineInterest * recentDays / baselineDays;
        double z = (recentInterest - expected) / Math.Sqrt(recentInterest + (expected * recentDays / baselineDays) + 1);
        double sign = direction == EmergenceDirection.Emerging ? 1 : -1;
        if (sign * z < MinimumZ)
        {
            return null;
        }

        double baseI = baselineInterest / baselineDays, nowI = recentInterest / recentDays;
        double baseU = ledger.BaselineUnits / baselineDays, nowU = ledger.RecentUnits / recentDays;
        var peer = ledger.Peer;
        // Against the other keys of the peer group (without this one; none: no correction).
        double interestGrowth = Math.Log((nowI + InterestPrior) / (baseI + InterestPrior)) - PeerGrowth(peer.RecentInterest - recentInterest, peer.BaselineInterest - baselineInterest);
        double salesGrowth = Math.Log((nowU + UnitsPrior) / (baseU + UnitsPrior)) - PeerGrowth(peer.RecentUnits - ledger.RecentUnits, peer.BaselineUnits - ledger.BaselineUnits);
        double toward = sign * interestGrowth, followed = Math.Clamp(sign * salesGrowth, 0, Math.Max(0, toward));
        double score = toward - followed;
        if (score < MinimumScore)
        {
            return null;
        }

        var turned = new List<string>();
        foreach (var (region, sums) in ledger.Regions)
        {
            double regionBase = (sums[0] / baselineDays) + (InterestPrior / ledger.Regions.Count);
            double regionNow = (sums[1] / recentDays) + (InterestPrior / ledger.Regions.Count);
            if (sign * Math.Log(regionNow / regionBase) >= Math.Log(RegionTurnRatio))
            {
                turned.Add(region);
            }
        }

        if (turned.Count == 0)
        {
            return null;
        }

        turned.Sort(StringComparer.Ordinal);
        return new EmergenceSignal(key, score, interestGrowth, salesGrowth, Lag(ledger.DailyInterest, baseI, nowI, sign), turned, ledger.Regions.Count, baseI, nowI, baseU, nowU);
    }

    /// <summary>Days since the 3-day trailing mean of interest last crossed the geometric midpoint of the baseline and recent rates.</summary>
    private int? Lag(double[] daily, double baseline, double recent, double sign)
    {
        double midpoint = Math.Sqrt((baseline + InterestPrior) * (recent + InterestPrior)) - InterestPrior;
        int last = daily.Length - 1;
        for (int d = last; d >= 2; d--)
        {
            double trailing = (daily[d] + daily[d - 1] + daily[d - 2]) / 3;
            if (sign * (trailing - midpoint) < 0)
            {
                return d == last ? 0 : last - d;
            }
        }

        return null;
    }

    /// <summary>Log growth of the peers' daily rate (0 when either side is empty: nothing to compare with).</summary>
    private double PeerGrowth(double recent, double baseline) =>
        recent > 0.5 && baseline > 0.5 ? Math.Log(recent / _window.RecentDays / (baseline / _window.BaselineDays)) : 0;

    private sealed class PeerSums
    {
        public double BaselineInterest { get; set; }

        public double RecentInterest { get; set; }

        public double BaselineUnits { get; set; }

        public double RecentUnits { get; set; }
    }

    private sealed class KeyLedger(int days, PeerSums peer)
    {
        public PeerSums Peer { get; } = peer;

        public double[] DailyInterest { get; } = new double[days];

        public double BaselineUnits { get; set; }

        public double RecentUnits { get; set; }

        /// <summary>Per region: baseline and recent interest.</summary>
        public Dictionary<string, double[]> Regions { get; } = new(StringComparer.Ordinal);
    }
}
