using System.Text.Json;
using System.Text.Json.Serialization;
using Forecasting.Core.Domain;
using Forecasting.Storage.Files;

namespace Forecasting.Storage.Files;

/// <summary>
/// Reads and writes <c>network.json</c>: regions, warehouses (regions served, coordinates, capacity,
/// central flag) and lanes, in snake_case. Reading validates the whole document and refuses it with an
/// error naming the JSON path of the first problem, so a half-valid network is never stored.
/// </summary>
public static class NetworkJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <exception cref="IngestFormatException">The JSON is malformed or inconsistent.</exception>
    public static Network Read(Stream stream, string source)
    {
        NetworkDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<NetworkDocument>(stream, Options);
        }
        catch (JsonException e)
        {
            throw new IngestFormatException($"{source}: invalid JSON at {e.Path ?? "$"} (line {e.LineNumber + 1}): {e.Message}");
        }

        if (document is null)
        {
            throw new IngestFormatException($"{source}: the document is empty.");
        }

        return Validate(document, source);
    }

    public static void Write(Stream stream, Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var document = new NetworkDocument(
            [.. network.Regions.Select(r => new RegionDocument(r.Id, r.Name, r.Country))],
            [.. network.Warehouses.Select(w => new WarehouseDocument(w.Id, [.. w.RegionsServed], w.Latitude, w.Longitude, w.Capacity, w.IsCentral))],
            [.. network.Lanes.Select(l => new LaneDocument(l.From, l.To, l.LeadTimeDays, l.CostPerUnit, l.MinQuantity))]);
        JsonSerializer.Serialize(stream, document, Options);
    }

    private static Network Validate(NetworkDocument document, string source)
    {
        void Fail(string path, string message) => throw new IngestFormatException($"{source}: {path} {message}");

        var regions = new List<Region>();
        var regionIds = new HashSet<string>(StringComparer.Ordinal);
        var regionList = document.Regions ?? [];
        for (int i = 0; i < regionList.Count; i++)
        {
            var r = regionList[i];
            if (string.IsNullOrWhiteSpace(r.Id))
            {
                Fail($"regions[{i}].id", "is required");
            }

            if (!regionIds.Add(r.Id!))
            {
                Fail($"regions[{i}].id", $"'{r.Id}' is listed twice");
            }

            regions.Add(new Region(r.Id!, r.Name ?? r.Id!, r.Country ?? ""));
        }

        var warehouses = new List<Warehouse>();
        var warehouseIds = new HashSet<string>(StringComparer.Ordinal);
        var warehouseList = document.Warehouses ?? [];
        for (int i = 0; i < warehouseList.Count; i++)
        {
            var w = warehouseList[i];
            string path = $"warehouses[{i}]";
            if (string.IsNullOrWhiteSpace(w.Id))
            {
                Fail($"{path}.id", "is required");
            }

            if (!warehouseIds.Add(w.Id!))
            {
                Fail($"{path}.id", $"'{w.Id}' is listed twice");
            }

            if (w.Capacity < 0)
            {
                Fail($"{path}.capacity", "must be >= 0");
            }

            if (w.Latitude is < -90 or > 90)
            {
                Fail($"{path}.latitude", "must be between -90 and 90");
            }

            if (w.Longitude is < -180 or > 180)
            {
                Fail($"{path}.longitude", "must be between -180 and 180");
            }

            var served = w.RegionsServed ?? [];
            for (int j = 0; j < served.Count; j++)
            {
                if (!regionIds.Contains(served[j]))
                {
                    Fail($"{path}.regions_served[{j}]", $"'{served[j]}' is not a region of this network");
                }
            }

            warehouses.Add(new Warehouse(w.Id!, served, w.Latitude, w.Longitude, w.Capacity, w.IsCentral));
        }

        var lanes = new List<Lane>();
        var laneList = document.Lanes ?? [];
        var laneKeys = new HashSet<(string, string)>();
        for (int i = 0; i < laneList.Count; i++)
        {
            var l = laneList[i];
            string path = $"lanes[{i}]";
            if (l.From is null || !warehouseIds.Contains(l.From))
            {
                Fail($"{path}.from", $"'{l.From}' is not a warehouse of this network");
            }

            if (l.To is null || !warehouseIds.Contains(l.To))
            {
                Fail($"{path}.to", $"'{l.To}' is not a warehouse of this network");
            }

            if (l.From == l.To)
            {
                Fail($"{path}.to", "must differ from from");
            }

            if (!laneKeys.Add((l.From!, l.To!)))
            {
                Fail(path, $"'{l.From}' -> '{l.To}' is listed twice");
            }

            if (l.LeadTimeDays < 0)
            {
                Fail($"{path}.lead_time_days", "must be >= 0");
            }

            if (l.CostPerUnit < 0)
            {
                Fail($"{path}.cost_per_unit", "must be >= 0");
            }

            if (l.MinQty < 0)
            {
                Fail($"{path}.min_qty", "must be >= 0");
            }

            lanes.Add(new Lane(l.From!, l.To!, l.LeadTimeDays, l.CostPerUnit, l.MinQty));
        }

        return new Network(regions, warehouses, lanes);
    }

    private sealed record NetworkDocument(List<RegionDocument>? Regions, List<WarehouseDocument>? Warehouses, List<LaneDocument>? Lanes);

    private sealed record RegionDocument(string? Id, string? Name, string? Country);

    private sealed record WarehouseDocument(string? Id, List<string>? RegionsServed, double Latitude, double Longitude, int Capacity, bool IsCentral);

    private sealed record LaneDocument(string? From, string? To, int LeadTimeDays, decimal CostPerUnit, int MinQty);
}
