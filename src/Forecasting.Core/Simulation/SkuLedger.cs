using Forecasting.Core.Synthetic;

namespace Forecasting.Core.Simulation;

/// <summary>
/// The stock of one SKU under one policy through a replay: units on hand per warehouse, shipments on the way, moved units
/// still attributed to their move, and the totals. Every unit that entered (starting stock, supplier deliveries) is on hand,
/// in transit or sold, and every unit ordered is sold or lost: <see cref="CheckConservation"/> proves it each day.
/// Not thread-safe: one ledger per SKU and policy, used by one thread at a time.
/// </summary>
internal sealed class SkuLedger
{
    private const ulong CustomerStream = 0x5157_4F4D_4552_5331; // the customers' decisions, one stream per SKU

    private readonly ReplayNetwork _network;
    private readonly ReplayOptions _options;
    private readonly ReplaySku _sku;
    private readonly int _skuIndex;
    private readonly double _price, _margin, _holdingPerUnitDay;
    private readonly List<Shipment> _pipeline = [];
    private readonly List<MoveLayer>[] _layers;
    private readonly Dictionary<int, ReplayMove> _open = [];
    private readonly Dictionary<int, (int Expires, double ValuePerUnit)> _pendingValue = [];
    private readonly List<ReplayMove> _samples = [];
    private readonly int _sampleMoves;
    private readonly DateOnly _start;
    private int _nextMove;
    private long _entered;

    /// <param name="start">The date of day 0.</param>
    /// <param name="sampleMoves">Closed moves kept as examples (the SKU's first ones).</param>
    public SkuLedger(ReplayNetwork network, ReplayOptions options, ReplaySku sku, int skuIndex, DateOnly start, int[] startingStock, int sampleMoves)
    {
        _start = start;
        _network = network;
        _options = options;
        _sku = sku;
        _skuIndex = skuIndex;
        _sampleMoves = sampleMoves;
        _margin = sku.Item.UnitMargin is { } m ? (double)m : options.Planner.DefaultUnitMargin;
        _price = sku.Item.Price is { } p ? (double)p : _margin;
        _holdingPerUnitDay = (double)(sku.Item.UnitCost ?? 0) * options.HoldingCostPerYear / 365;
        OnHand = (int[])startingStock.Clone();
        _entered = startingStock.Sum(u => (long)u);
        _layers = [.. Enumerable.Range(0, network.Warehouses).Select(_ => new List<MoveLayer>())];
        StockedOut = new bool[network.Warehouses];
        Totals = new ReplayTotals(network.Warehouses);
    }

    public int[] OnHand { get; }

    /// <summary>Per warehouse: some order of its region found no unit on hand there yesterday.</summary>
    public bool[] StockedOut { get; }

    public ReplayTotals Totals { get; }

    public double Margin => _margin;

    /// <summary>The SKU's first closed moves, kept as examples.</summary>
    public IReadOnlyList<ReplayMove> SampleMoves => _samples;

    /// <summary>Transfers on the way to <paramref name="warehouse"/> (supplier deliveries excluded).</summary>
    public int InTransitTo(int warehouse)
    {
        int units = 0;
        foreach (var s in _pipeline)
        {
            if (s.To == warehouse && !s.FromSupplier)
            {
                units += s.Units;
            }
        }

        return units;
    }

    /// <summary>Transfers due at <paramref name="warehouse"/> on <paramref name="day"/>.</summary>
    public int ArrivingAt(int warehouse, int day)
    {
        int units = 0;
        foreach (var s in _pipeline)
        {
            if (s.To == warehouse && s.Arrives == day && !s.FromSupplier)
            {
                units += s.Units;
            }
        }

        return units;
    }

    /// <summary>Everything on hand or on the way, supplier orders included (the base-stock rule's network position).</summary>
    public long NetworkPosition() => OnHandTotal() + InTransitTotal();

    /// <summary>Deliveries due by <paramref name="day"/> go on hand; moves whose window ended stop counting.</summary>
    public void StartDay(int day)
    {
        for (int i = _pipeline.Count - 1; i >= 0; i--)
        {
            if (_pipeline[i].Arrives <= day)
            {
                Arrive(_pipeline[i], day);
                _pipeline.RemoveAt(i);
            }
        }

        foreach (var layers in _layers)
        {
            for (int i = layers.Count - 1; i >= 0; i--)
            {
                if (layers[i].Expires <= day)
                {
                    Close(layers[i].Move);
                    layers.RemoveAt(i);
                }
            }
        }
    }

    public void OrderFromSupplier(int day, int units)
    {
        if (units <= 0)
        {
            return;
        }

        _entered += units;
        Totals.SupplierUnits += units;
        Ship(new Shipment(day + _options.SupplierLeadDays, _network.Central, units, -1), day);
    }

    /// <summary>Sends up to <paramref name="units"/> from one warehouse to another (no more than is on hand at the source);
    /// the units count for the move at the destination from arrival until <paramref name="expires"/>.</summary>
    /// <returns>The units sent.</returns>
    public int Transfer(int day, int from, int to, int units, int leadDays, double costPerUnit, double predictedBenefit, int expires)
    {
        int sent = Math.Min(units, OnHand[from]);
        if (sent <= 0)
        {
            return 0;
        }

        Take(from, sent, day, value: false);
        double cost = sent * costPerUnit;
        Totals.TransferUnits += sent;
        Totals.TransferCost += cost;
        Totals.Moves++;
        double predicted = predictedBenefit * sent / units;
        Totals.PredictedBenefit += predicted;
        Totals.RealisedBenefit -= cost;
        int move = _nextMove++;
        _open[move] = new ReplayMove(_sku.Item.Sku, Id(from), Id(to), _start.AddDays(day), sent, predicted, -cost);
        _pendingValue[move] = (expires, MoveValuePerUnit(leadDays, costPerUnit));
        Ship(new Shipment(day + leadDays, to, sent, move), day);
        return sent;
    }

    /// <summary>What serving an order from the destination instead of the source is worth per unit: the source, if it can
    /// reach the destination's customers, would lose a share min(1, loss per day x lead) of the sale and pay the remote
    /// delivery for the rest; out of reach, the sale is lost.</summary>
    public double MoveValuePerUnit(int leadDays, double laneCostPerUnit)
    {
        if (leadDays > _options.MaxExtraDeliveryDays)
        {
            return _margin;
        }

        double lost = Math.Min(1, _options.LossPerExtraDeliveryDay * leadDays);
        return (lost * _margin) + ((1 - lost) * _options.RemoteDeliveryCostFactor * laneCostPerUnit);
    }

    /// <summary>Serves the day's orders of every region: from the region's warehouse, then from the others in reach
    /// (slower: each unit is lost with probability min(1, loss per day x extra days)), else lost.</summary>
    public void Serve(int day)
    {
        for (int r = 0; r < _network.Regions; r++)
        {
            int demand = _sku.Demand[r][day];
            int home = _network.Home[r];
            StockedOut[home] = false;
            if (demand == 0)
            {
                continue;
            }

            Totals.DemandUnits += demand;
            int local = Math.Min(demand, OnHand[home]);
            if (local > 0)
            {
                Take(home, local, day, value: true);
                Sold(home, local, _options.LocalDeliveryDays);
                Totals.LocalUnits += local;
            }

            int open = demand - local;
            if (open == 0)
            {
                continue;
            }

            StockedOut[home] = true;
            var customers = RandomSource.For(_options.Seed ^ CustomerStream, (ulong)_skuIndex, ((ulong)day * (ulong)_network.Regions) + (ulong)r);
            for (int k = 0; k < local; k++)
            {
                customers.NextDouble(); // unit k's draw: the same unit meets the same customer under every policy
            }

            foreach (var reach in _network.InReach[home])
            {
                if (open == 0)
                {
                    break;
                }

                double loss = Math.Min(1, _options.LossPerExtraDeliveryDay * reach.ExtraDays);
                int shipped = 0;
                while (open > 0 && OnHand[reach.Warehouse] - shipped > 0)
                {
                    open--;
                    if (customers.NextDouble() < loss)
                    {
                        Lost(1);
                    }
                    else
                    {
                        shipped++;
                    }
                }

                if (shipped > 0)
                {
                    Take(reach.Warehouse, shipped, day, value: false);
                    Sold(reach.Warehouse, shipped, _options.LocalDeliveryDays + reach.ExtraDays);
                    Totals.SplitShipments++;
                    Totals.RemoteDeliveryCost += shipped * _options.RemoteDeliveryCostFactor * reach.CostPerUnit;
                }
            }

            Lost(open);
        }
    }

    /// <summary>Holding cost and inventory of the day's closing stock.</summary>
    public void EndDay(long[] onHandByDay, int dayIndex)
    {
        long total = 0;
        for (int w = 0; w < OnHand.Length; w++)
        {
            total += OnHand[w];
            Totals.InventoryUnitDaysByWarehouse[w] += OnHand[w];
        }

        Totals.InventoryUnitDays += total;
        Totals.HoldingCost += total * _holdingPerUnitDay;
        onHandByDay[dayIndex] += total;
    }

    /// <summary>Closes every move still open (the end of the replay).</summary>
    public void Finish()
    {
        foreach (var layers in _layers)
        {
            layers.Clear();
        }

        _pendingValue.Clear();
        foreach (int move in _open.Keys.Order().ToList())
        {
            Close(move);
        }
    }

    /// <exception cref="UnitConservationException">A unit appeared or vanished.</exception>
    public void CheckConservation(int day, ReplayPolicy policy)
    {
        long inTransit = InTransitTotal();
        long onHand = OnHandTotal();
        if (Array.Exists(OnHand, u => u < 0) || _entered != onHand + inTransit + Totals.SoldUnits || Totals.DemandUnits != Totals.SoldUnits + Totals.LostUnits)
        {
            throw new UnitConservationException(
                $"Units not conserved for {_sku.Item.Sku} under {ReplayPolicies.Name(policy)} on {_start.AddDays(day):yyyy-MM-dd}: entered {_entered} (starting stock + supplier) vs on hand {onHand} + in transit {inTransit} + sold {Totals.SoldUnits}; ordered {Totals.DemandUnits} vs sold {Totals.SoldUnits} + lost {Totals.LostUnits}.");
        }
    }

    private long OnHandTotal()
    {
        long units = 0;
        foreach (int u in OnHand)
        {
            units += u;
        }

        return units;
    }

    private long InTransitTotal()
    {
        long units = 0;
        foreach (var s in _pipeline)
        {
            units += s.Units;
        }

        return units;
    }

    private void Ship(Shipment shipment, int day)
    {
        _pipeline.Add(shipment);
        if (shipment.Arrives <= day)
        {
            StartDay(day);
        }
    }

    private void Arrive(Shipment shipment, int day)
    {
        OnHand[shipment.To] += shipment.Units;
        if (!shipment.FromSupplier && _pendingValue.Remove(shipment.Move, out var value))
        {
            if (value.Expires > day)
            {
                _layers[shipment.To].Add(new MoveLayer(shipment.Move, shipment.Units, value.Expires, value.ValuePerUnit));
            }
            else
            {
                Close(shipment.Move);
            }
        }
    }

    /// <summary>Takes units from a warehouse: its own stock first, then moved units, oldest move first; a moved unit
    /// sold to the destination's own customers (<paramref name="value"/>) realises its move's value.</summary>
    private void Take(int warehouse, int units, int day, bool value)
    {
        OnHand[warehouse] -= units;
        var layers = _layers[warehouse];
        if (layers.Count == 0)
        {
            return;
        }

        long attributed = layers.Sum(l => (long)l.Remaining);
        long excess = attributed - OnHand[warehouse]; // moved units that must have gone: the warehouse's own stock is gone
        for (int i = 0; i < layers.Count && excess > 0; i++)
        {
            var layer = layers[i];
            int used = (int)Math.Min(layer.Remaining, excess);
            layer.Remaining -= used;
            excess -= used;
            if (value && layer.Expires > day)
            {
                double realised = used * layer.ValuePerUnit;
                Totals.RealisedBenefit += realised;
                var move = _open[layer.Move];
                _open[layer.Move] = move with { RealisedBenefit = move.RealisedBenefit + realised };
            }
        }

        for (int i = layers.Count - 1; i >= 0; i--)
        {
            if (layers[i].Remaining == 0)
            {
                Close(layers[i].Move);
                layers.RemoveAt(i);
            }
        }
    }

    private void Sold(int warehouse, int units, int deliveryDays)
    {
        Totals.SoldUnits += units;
        Totals.Margin += units * _margin;
        Totals.DeliveryDays += (long)units * deliveryDays;
        Totals.ShippedByWarehouse[warehouse] += units;
    }

    private void Lost(int units)
    {
        Totals.LostUnits += units;
        Totals.LostRevenue += units * _price;
    }

    /// <summary>A move whose window ended (or whose units are gone) is final: the SKU's first ones stay as examples.</summary>
    private void Close(int move)
    {
        if (_open.Remove(move, out var closed) && _samples.Count < _sampleMoves)
        {
            _samples.Add(closed);
        }
    }

    private string Id(int warehouse) => _network.Network.Warehouses[warehouse].Id;
}
