namespace Forecasting.Storage.Files;

/// <summary>The longest value a CSV field may hold, by canonical column, and the setting that says so
/// (used by <see cref="CsvTable.CheckFields"/> to reject a field before it is parsed).</summary>
public interface IFieldLimits
{
    /// <summary>Whether the column is a key (a SKU, region, warehouse or order id), named so in messages.</summary>
    bool IsKey(string column);

    /// <summary>The most characters a value of the column may have.</summary>
    int LimitOf(string column);

    /// <summary>The configuration key that sets <see cref="LimitOf"/> for the column, e.g. <c>Forecasting:Ingest:MaxKeyLength</c>.</summary>
    string SettingOf(string column);
}
