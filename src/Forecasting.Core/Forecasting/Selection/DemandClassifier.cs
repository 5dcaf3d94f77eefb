namespace Forecasting.Core.Forecasting.Selection;

/// <summary>Syntetos-Boylan demand classes.</summary>
public enum DemandClass
{
    Smooth,
    Erratic,
    Intermittent,
    Lumpy,
}

/// <summary>
/// Syntetos-Boylan classification: ADI = mean interval between non-zero demands (periods / non-zero
/// periods), CV2 = squared coefficient of variation of the non-zero sizes; smooth (ADI &lt; 1.32,
/// CV2 &lt; 0.49), erratic (ADI &lt; 1.32), intermittent (CV2 &lt; 0.49), lumpy otherwise. A history without
/// demand is intermittent.
/// </summary>
public static class DemandClassifier
{
    public const double AdiCut = 1.32, Cv2Cut = 0.49;

    public static (DemandClass Class, double Adi, double Cv2) Classify(ReadOnlySpan<double> values)
    {
        int n = 0, nonZero = 0;
        double sum = 0, sumSquares = 0;
        foreach (double v in values)
        {
            if (double.IsNaN(v))
            {
                continue;
            }

            n++;
            if (v > 0)
            {
                nonZero++;
                sum += v;
                sumSquares += v * v;
            }
        }

        if (nonZero == 0)
        {
            return (DemandClass.Intermittent, double.PositiveInfinity, 0);
        }

        double adi = n / (double)nonZero;
        double mean = sum / nonZero;
        double variance = (sumSquares / nonZero) - (mean * mean);
        double cv2 = mean == 0 ? 0 : Math.Max(0, variance) / (mean * mean);
        var demandClass = adi < AdiCut ? (cv2 < Cv2Cut ? DemandClass.Smooth : DemandClass.Erratic) : (cv2 < Cv2Cut ? DemandClass.Intermittent : DemandClass.Lumpy);
        return (demandClass, adi, cv2);
    }
}
