using System.Globalization;
using Forecasting.Core.Hierarchy;
using Forecasting.Storage.Abstractions;
using Parquet;
using Parquet.Schema;

namespace Forecasting.Storage.Files;

/// <summary>
/// A level's reconciled forecasts in long format: the level's attributes as key columns, then
/// <c>ds, mean, p10, p50, p90</c> (<c>category,region,ds,mean,p10,p50,p90</c> for category x region; <c>ds,...</c> alone
/// for the total).
/// </summary>
public static class LevelForecastExport
{
    private static readonly string[] ValueColumns = ["ds", "mean", "p10", "p50", "p90"];

    /// <summary>The header of <paramref name="level"/>'s file, in order.</summary>
    public static IReadOnlyList<string> Columns(HierarchyLevel level) => [.. level.Attributes(), .. ValueColumns];

    public static async Task WriteAsync(HierarchyLevel level, IReadOnlyList<HierarchyForecastRecord> rows, ForecastExportFormat format, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(output);
        var attributes = level.Attributes();
        if (format == ForecastExportFormat.Csv)
        {
            await using var writer = new StreamWriter(output, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
            await writer.WriteLineAsync(string.Join(',', Columns(level)));
            var line = new System.Text.StringBuilder(128);
            foreach (var r in rows)
            {
                line.Clear();
                foreach (string attribute in attributes)
                {
                    line.Append(CsvField.Quote(Value(r, attribute))).Append(',');
                }

                line.Append(r.TargetDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',')
                    .Append(r.Mean.ToString("R", CultureInfo.InvariantCulture)).Append(',').Append(r.P10.ToString("R", CultureInfo.InvariantCulture)).Append(',')
                    .Append(r.P50.ToString("R", CultureInfo.InvariantCulture)).Append(',').Append(r.P90.ToString("R", CultureInfo.InvariantCulture));
                await writer.WriteLineAsync(line, cancellationToken);
            }

            return;
        }

        var keys = attributes.Select(a => new DataField<string>(a)).ToList();
        var ds = new DataField<DateOnly>("ds");
        var values = new[] { "mean", "p10", "p50", "p90" }.Select(n => new DataField<double>(n)).ToList();
        var schema = new ParquetSchema([.. keys, ds, .. values]);
        await using var parquet = await ParquetWriter.CreateAsync(schema, output, cancellationToken: cancellationToken);
        using var group = parquet.CreateRowGroup();
        for (int k = 0; k < keys.Count; k++)
        {
            await group.WriteAsync(keys[k], rows.Select(r => Value(r, attributes[k])).ToArray());
        }

        await group.WriteAsync<DateOnly>(ds, rows.Select(r => r.TargetDate).ToArray());
        Func<HierarchyForecastRecord, double>[] readers = [r => r.Mean, r => r.P10, r => r.P50, r => r.P90];
        for (int v = 0; v < values.Count; v++)
        {
            await group.WriteAsync<double>(values[v], rows.Select(readers[v]).ToArray());
        }
    }

    private static string Value(HierarchyForecastRecord row, string attribute) => attribute switch
    {
        "sku" => row.Sku ?? "",
        "category" => row.Category ?? "",
        _ => row.Region ?? "",
    };
}
