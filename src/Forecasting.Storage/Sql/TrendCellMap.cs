using System.Data.Common;
using Dapper;
using Forecasting.Core.Trends;

namespace Forecasting.Storage.Sql;

/// <summary>A catalog cell: the attributes a SKU's demand is summed by in the trend rollups, as stored there (a missing
/// attribute is <see cref="TrendRollupSql.None"/>; the price as its band of <see cref="PriceBands.Default"/>).</summary>
internal sealed record TrendCell(string Category, string Style, string Color, string Material, string PriceBand)
{
    public static TrendCell Of(string? category, string? style, string? color, string? material, double? price) =>
        new(category ?? TrendRollupSql.None, style ?? TrendRollupSql.None, color ?? TrendRollupSql.None, material ?? TrendRollupSql.None,
            PriceBands.Default.Of(price is { } p ? (decimal)p : null));

    public string Value(TrendDimension attribute) => attribute switch
    {
        TrendDimension.Category => Category,
        TrendDimension.Style => Style,
        TrendDimension.Color => Color,
        TrendDimension.Material => Material,
        TrendDimension.PriceBand => PriceBand,
        _ => throw new ArgumentOutOfRangeException(nameof(attribute), attribute, "not a catalog attribute"),
    };
}

/// <summary>
/// Every SKU's catalog cell, by SKU id, read from <c>skus</c> at a <see cref="Version"/> of the catalog
/// (<c>trend_state.catalog_version</c>): a store keeps one and reads it again when the version moved or a batch holds a
/// SKU registered since. Cells are numbered in memory only (<see cref="TrendDelta"/> keys on the number).
/// </summary>
internal sealed class TrendCellMap
{
    private readonly List<TrendCell> _cells = [];
    private readonly Dictionary<TrendCell, int> _numbers = [];

    /// <summary>Per cell, the number of each attribute's value (<see cref="TrendRollupSql.Attributes"/> order).</summary>
    private readonly List<int[]> _cellValues = [];
    private readonly List<string>[] _values = [.. TrendRollupSql.Attributes.Select(_ => new List<string>())];
    private readonly Dictionary<string, int>[] _valueNumbers = [.. TrendRollupSql.Attributes.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal))];
    private int[] _cellOfSku = [];

    private TrendCellMap(long version) => Version = version;

    public long Version { get; }

    public TrendCell this[int cell] => _cells[cell];

    /// <summary>Reads the map in the caller's transaction.</summary>
    public static async Task<TrendCellMap> ReadAsync(DbConnection connection, DbTransaction transaction, long version, CancellationToken cancellationToken)
    {
        var map = new TrendCellMap(version);
        var skus = new List<(int Id, int Cell)>();
        await using (var reader = await connection.ExecuteReaderAsync(new CommandDefinition(TrendRollupSql.SkuAttributes, transaction: transaction, cancellationToken: cancellationToken)))
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            while (await reader.ReadAsync(cancellationToken))
            {
                var cell = TrendCell.Of(Text(1), Text(2), Text(3), Text(4), reader.IsDBNull(5) ? null : Convert.ToDouble(reader.GetValue(5), System.Globalization.CultureInfo.InvariantCulture));
                skus.Add((Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), map.Number(cell)));
            }
        }

        map._cellOfSku = new int[skus.Count == 0 ? 0 : skus.Max(s => s.Id) + 1];
        Array.Fill(map._cellOfSku, -1);
        foreach (var (id, cell) in skus)
        {
            map._cellOfSku[id] = cell;
        }

        return map;
    }

    /// <summary>The number of a cell, numbered now if it is new (a SKU moved into a cell no SKU was in).</summary>
    public int Number(TrendCell cell)
    {
        if (!_numbers.TryGetValue(cell, out int number))
        {
            _numbers[cell] = number = _cells.Count;
            _cells.Add(cell);
            var values = new int[TrendRollupSql.Attributes.Count];
            for (int a = 0; a < values.Length; a++)
            {
                string value = cell.Value(TrendRollupSql.Attributes[a]);
                if (!_valueNumbers[a].TryGetValue(value, out values[a]))
                {
                    _valueNumbers[a][value] = values[a] = _values[a].Count;
                    _values[a].Add(value);
                }
            }

            _cellValues.Add(values);
        }

        return number;
    }

    /// <summary>The number of the value of attribute <paramref name="attribute"/> (index in <see cref="TrendRollupSql.Attributes"/>) of a cell.</summary>
    public int ValueNumber(int cell, int attribute) => _cellValues[cell][attribute];

    /// <summary>The value of an attribute by its number.</summary>
    public string Value(int attribute, int number) => _values[attribute][number];

    /// <summary>One past the highest SKU id in the map.</summary>
    public int SkuIdLimit => _cellOfSku.Length;

    /// <summary>The cell of a SKU, or -1 for a SKU not in the map (registered after it was read).</summary>
    public int CellOf(int skuId) => (uint)skuId < (uint)_cellOfSku.Length ? _cellOfSku[skuId] : -1;

    /// <summary>Whether every SKU of <paramref name="skuIds"/> is in the map.</summary>
    public bool Covers<T>(IReadOnlyList<T> rows, Func<T, int> skuId)
    {
        for (int i = 0; i < rows.Count; i++)
        {
            if (CellOf(skuId(rows[i])) < 0)
            {
                return false;
            }
        }

        return true;
    }
}
