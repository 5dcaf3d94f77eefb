using System.Globalization;
using Forecasting.Storage.Abstractions;
using Parquet;
using Parquet.Schema;

namespace Forecasting.Storage.Files;

/// <summary>File format of <see cref="ForecastExport"/>.</summary>
public enum ForecastExportFormat
{
    /// <summary>UTF-8 CSV with a header row, invariant culture, doubles round-trippable (<c>R</c>).</summary>
    Csv,

    /// <summary>Apache Parquet (Parquet.Net): strings, <c>ds</c> as a date, doubles; one row group per million rows.</summary>
    Parquet,
}

/// <summary>
/// Stored forecasts in the forecasting ecosystem's long format, one row per series, model and day:
/// <c>unique_id, sku, region, ds, model, mean, p10, p50, p90</c> (StatsForecast / Nixtla naming; <c>unique_id</c> is
/// <c>sku|region</c>, as <c>|</c> cannot occur in keys read from CSV columns of their own).
/// </summary>
public static class ForecastExport
{
    /// <summary>The header, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["unique_id", "sku", "region", "ds", "model", "mean", "p10", "p50", "p90"];

    private const int RowGroupSize = 1_000_000;

    /// <summary>The series id of a SKU x region series in exports.</summary>
    public static string UniqueId(string sku, string region) => sku + "|" + region;

    public static async Task WriteAsync(IReadOnlyList<ForecastRecord> rows, ForecastExportFormat format, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(output);
        if (format == ForecastExportFormat.Csv)
        {
            await WriteCsvAsync(rows, output, cancellationToken);
        }
        else
        {
            await WriteParquetAsync(rows, output, cancellationToken);
        }
    }

    private static async Task WriteCsvAsync(IReadOnlyList<ForecastRecord> rows, Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
        await writer.WriteLineAsync(string.Join(',', Columns));
        var line = new System.Text.StringBuilder(128);
        for (int i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            line.Clear();
            line.Append(CsvField.Quote(UniqueId(r.Sku, r.Region))).Append(',').Append(CsvField.Quote(r.Sku)).Append(',').Append(CsvField.Quote(r.Region)).Append(',')
                .Append(r.TargetDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',').Append(CsvField.Quote(r.Model)).Append(',')
                .Append(r.Mean.ToString("R", CultureInfo.InvariantCulture)).Append(',').Append(r.P10.ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(r.P50.ToString("R", CultureInfo.InvariantCulture)).Append(',').Append(r.P90.ToString("R", CultureInfo.InvariantCulture));
            await writer.WriteLineAsync(line, cancellationToken);
        }
    }

    private static async Task WriteParquetAsync(IReadOnlyList<ForecastRecord> rows, Stream output, CancellationToken cancellationToken)
    {
        var id = new DataField<string>("unique_id");
        var sku = new DataField<string>("sku");
        var region = new DataField<string>("region");
        var ds = new DataField<DateOnly>("ds");
        var model = new DataField<string>("model");
        var mean = new DataField<double>("mean");
        var p10 = new DataField<double>("p10");
        var p50 = new DataField<double>("p50");
        var p90 = new DataField<double>("p90");
        var schema = new ParquetSchema(id, sku, region, ds, model, mean, p10, p50, p90);
        await using var writer = await ParquetWriter.CreateAsync(schema, output, cancellationToken: cancellationToken);
        foreach (var group in rows.Chunk(RowGroupSize).DefaultIfEmpty([])) // an empty run still gets its schema and one empty row group
        {
            using var rowGroup = writer.CreateRowGroup();
            await rowGroup.WriteAsync(id, group.Select(r => UniqueId(r.Sku, r.Region)).ToArray());
            await rowGroup.WriteAsync(sku, group.Select(r => r.Sku).ToArray());
            await rowGroup.WriteAsync(region, group.Select(r => r.Region).ToArray());
            await rowGroup.WriteAsync<DateOnly>(ds, group.Select(r => r.TargetDate).ToArray());
            await rowGroup.WriteAsync(model, group.Select(r => r.Model).ToArray());
            await rowGroup.WriteAsync<double>(mean, group.Select(r => r.Mean).ToArray());
            await rowGroup.WriteAsync<double>(p10, group.Select(r => r.P10).ToArray());
            await rowGroup.WriteAsync<double>(p50, group.Select(r => r.P50).ToArray());
            await rowGroup.WriteAsync<double>(p90, group.Select(r => r.P90).ToArray());
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
