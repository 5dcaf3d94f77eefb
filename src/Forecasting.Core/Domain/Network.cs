namespace Forecasting.Core.Domain;

/// <summary>A sales region (a demand area served by one or more warehouses).</summary>
public sealed record Region(string Id, string Name, string Country);

/// <summary>A stocking location. A central DC supplies the regional warehouses and keeps a reserve.</summary>
/// <param name="Capacity">Maximum units on hand the planner may fill it to.</param>
public sealed record Warehouse(
    string Id,
    IReadOnlyList<string> RegionsServed,
    double Latitude,
    double Longitude,
    int Capacity,
    bool IsCentral);

/// <summary>A transport lane between two warehouses.</summary>
/// <param name="LeadTimeDays">Days from dispatch to availability at <paramref name="To"/>; at least 0.</param>
/// <param name="MinQuantity">Smallest shipment the lane accepts, in units (0 = no minimum).</param>
public sealed record Lane(string From, string To, int LeadTimeDays, decimal CostPerUnit, int MinQuantity);

/// <summary>The physical network: regions, warehouses and the lanes between them.</summary>
public sealed record Network(IReadOnlyList<Region> Regions, IReadOnlyList<Warehouse> Warehouses, IReadOnlyList<Lane> Lanes)
{
    public static Network Empty { get; } = new([], [], []);
}
