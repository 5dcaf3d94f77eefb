namespace Forecasting.Storage.Abstractions;

/// <summary>The kinds of input the ingest accepts (design.md "Data formats").</summary>
public enum IngestKind
{
    Demand,
    OrderLines,
    Catalog,
    Inventory,
    Network,
}
