using System.Globalization;
using Forecasting.Storage.Files;

namespace Forecasting.Storage.Datasets;

/// <summary>A published reference score (e.g. the M4 competition's, on its hidden test set).</summary>
public sealed record PublishedScore(string Method, double Smape, double Mase, double Owa);

/// <summary>Reads <c>m4-weekly/reference.csv</c>: method_label, smape, mase, owa.</summary>
public static class PublishedScores
{
    public static IReadOnlyList<PublishedScore> Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var table = new CsvTable(stream, path, ["method_label", "smape", "mase", "owa"], [], new Dictionary<string, string>());
        var scores = new List<PublishedScore>();
        while (table.Read())
        {
            scores.Add(new PublishedScore(table.Text(0), Number(table, 1), Number(table, 2), Number(table, 3)));
        }

        return scores;
    }

    private static double Number(CsvTable table, int column) =>
        double.TryParse(table.Text(column), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : double.NaN;
}
