using Forecasting.Core.Domain;

namespace Forecasting.Core.Forecasting.Calibration;

/// <summary>
/// ABC classes by volume within a batch: series sorted by units over their last year (364 days or 52
/// weeks), descending; a series is A while the volume before it is under 80 % of the total, B under 95 %,
/// C after. Ties keep the batch order, so the classes do not depend on threads.
/// </summary>
public static class VolumeClasses
{
    public const double AShare = 0.80, BShare = 0.95;

    public static VolumeClass[] Assign(IReadOnlyList<DemandSeries> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var volume = new double[batch.Count];
        var order = new int[batch.Count];
        double total = 0;
        for (int i = 0; i < batch.Count; i++)
        {
            var values = batch[i].Values;
            int window = batch[i].Granularity == Granularity.Week ? 52 : 364;
            double sum = 0;
            foreach (double v in values[Math.Max(0, values.Length - window)..])
            {
                sum += double.IsFinite(v) && v > 0 ? v : 0;
            }

            volume[i] = sum;
            order[i] = i;
            total += sum;
        }

        Array.Sort(order, (x, y) => volume[y].CompareTo(volume[x]) is var c && c != 0 ? c : x.CompareTo(y));
        var classes = new VolumeClass[batch.Count];
        double running = 0;
        foreach (int i in order)
        {
            classes[i] = total <= 0 || running < AShare * total ? VolumeClass.A : running < BShare * total ? VolumeClass.B : VolumeClass.C;
            running += volume[i];
        }

        return classes;
    }
}
