namespace Forecasting.Core.Planning;

/// <summary>One SKU across the network's warehouses (index = the network's warehouse order).</summary>
public sealed record SkuAssessment(double ServiceLevel, WindowDemand[] Demand, double[] Target, int[] Position, long[] Headroom, long[] Surplus, long[] Shortfall);
