using System.Diagnostics;
using Forecasting.Storage.Files;
using Forecasting.Pipeline.Trends;
using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Resilience;

namespace Forecasting.Pipeline.Ingest;

/// <summary>
/// Loads input files into a store, the same way for the CLI, the scheduled ingest job and the web API.
/// Streams the input in batches of <see cref="IngestOptions.BatchSize"/> rows, one transaction each, so
/// memory stays bounded whatever the file size and an interrupted load keeps whole batches only; loading
/// the same input again changes nothing (its rows count as duplicates). Every rejected row is stored with
/// its line, field and reason, and <c>RowsRead = Accepted + Duplicates + Rejected + Excluded</c>.
/// A load holds a lease (<see cref="LeaseHeartbeat"/>) while it runs, so one whose process died is marked failed
/// by the next sweep.
/// </summary>
/// <param name="clock">Today's date for the <see cref="IngestRules"/> date window, and the load's timing.</param>
/// <param name="rules">The data rules (dates, field lengths); validated here.</param>
public sealed class IngestService(IIngestStore store, TimeProvider? clock = null, IngestRules? rules = null, ResilienceOptions? resilience = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly ResilienceOptions _resilience = resilience ?? new ResilienceOptions();
    private readonly IngestRules _rules = Validated(rules ?? new IngestRules());

    private static IngestRules Validated(IngestRules rules)
    {
        rules.Validate();
        return rules;
    }

    public async Task<IngestReport> IngestFileAsync(IngestKind kind, string path, IngestOptions? options = null, IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file.", path);
        }

        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return await IngestAsync(kind, stream, path, options, progress, cancellationToken);
    }

    /// <param name="source">Name stored with the load and its rejects (a file path, or e.g. "api:demand").</param>
    /// <exception cref="IngestFormatException">The input cannot be loaded at all; nothing was stored.</exception>
    public async Task<IngestReport> IngestAsync(IngestKind kind, Stream content, string source, IngestOptions? options = null, IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        options ??= new IngestOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        var exclusion = SkuExclusion.Create(options.ExcludeSku);
        long started = _clock.GetTimestamp();
        long? length = content.CanSeek ? content.Length : null;

        if (kind == IngestKind.Network)
        {
            var network = NetworkJson.Read(content, source);
            CheckNetworkText(network, source);
            var networkLoad = await store.BeginLoadAsync(kind.ToString(), source, cancellationToken);
            await using var networkLease = await LeaseHeartbeat.StartAsync(store, LeasedWork.Load, networkLoad.Id, _resilience, _clock, cancellationToken);
            var networkCounts = await store.SaveNetworkAsync(networkLoad, network, cancellationToken);
            await store.CompleteLoadAsync(networkLoad, networkCounts, LoadStatus.Completed, CancellationToken.None);
            return new IngestReport(kind, source, "completed", networkCounts, [], _clock.GetElapsedTime(started));
        }

        var (required, optional) = Columns(kind);
        using var table = new CsvTable(content, source, required, optional, options.ColumnMap);
        var reference = new ReferenceResolver(store, await store.GetReferenceDataAsync(cancellationToken), options.AutoRegister);
        var window = _rules.WindowAt(_clock.GetUtcNow());
        var load = await store.BeginLoadAsync(kind.ToString(), source, cancellationToken);
        await using var lease = await LeaseHeartbeat.StartAsync(store, LeasedWork.Load, load.Id, _resilience, _clock, cancellationToken);
        var run = new LoadRun(load, options, _rules, exclusion, progress, length);
        var trendWeeks = new TrendRollupRefresh();
        try
        {
            await (kind switch
            {
                IngestKind.Demand => RunAsync(table, new DemandRowParser(table, reference, options, window), trendWeeks.Track<DemandRow>(store.WriteDemandBatchAsync, row => row.Day), run, cancellationToken, row => row.Day, store.ConcurrentDemandBatches),
                IngestKind.OrderLines => RunAsync(table, new OrderLineRowParser(table, reference, options, window), trendWeeks.Track<OrderLineRow>(store.WriteOrderLinesBatchAsync, row => row.Day), run, cancellationToken),
                IngestKind.Catalog => RunAsync(table, new CatalogRowParser(table, reference, options, window), store.WriteCatalogBatchAsync, run, cancellationToken),
                IngestKind.Inventory => RunAsync(table, new InventoryRowParser(table, reference, options, window), store.WriteInventoryBatchAsync, run, cancellationToken),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown ingest kind."),
            });
        }
        catch (OperationCanceledException)
        {
            await store.CompleteLoadAsync(load, run.Counts, LoadStatus.Cancelled, CancellationToken.None);
            throw;
        }
        catch
        {
            await store.CompleteLoadAsync(load, run.Counts, LoadStatus.Failed, CancellationToken.None);
            throw;
        }
        finally
        {
            await trendWeeks.AfterLoadAsync(store, kind, run.Counts.Accepted, CancellationToken.None); // weekly trend rollups of the days written (issue 17)
        }

        await store.CompleteLoadAsync(load, run.Counts, LoadStatus.Completed, CancellationToken.None);
        return new IngestReport(kind, source, "completed", run.Counts, run.Sample, _clock.GetElapsedTime(started));
    }

    /// <summary>The network document is loaded whole or not at all, so a text its store cannot hold (a NUL, an id over
    /// <see cref="IngestRules.MaxKeyLength"/>, a name over <see cref="IngestRules.MaxFieldLength"/>) refuses it,
    /// naming the element, before anything is stored.</summary>
    /// <exception cref="IngestFormatException">A text of the network breaks a rule.</exception>
    private void CheckNetworkText(Core.Domain.Network network, string source)
    {
        var texts = network.Regions.SelectMany((r, i) => new[] { ($"regions[{i}].id", r.Id, true), ($"regions[{i}].name", r.Name, false), ($"regions[{i}].country", r.Country, false) })
            .Concat(network.Warehouses.SelectMany((w, i) => w.RegionsServed.Select((r, j) => ($"warehouses[{i}].regions_served[{j}]", r, true)).Prepend(($"warehouses[{i}].id", w.Id, true))))
            .Concat(network.Lanes.SelectMany((l, i) => new[] { ($"lanes[{i}].from", l.From, true), ($"lanes[{i}].to", l.To, true) }));
        foreach (var (path, text, key) in texts)
        {
            int limit = key ? _rules.MaxKeyLength : _rules.MaxFieldLength;
            if (text.Contains('\0', StringComparison.Ordinal))
            {
                throw new IngestFormatException($"{source}: {path} contains a NUL character (U+0000), which a text field cannot hold. Nothing was loaded.");
            }

            if (text.Length > limit)
            {
                throw new IngestFormatException($"{source}: {path} is {text.Length:N0} characters long; the longest {(key ? "key" : "value")} accepted is {limit}. Nothing was loaded.");
            }
        }
    }

    /// <summary>Required and optional canonical columns of a CSV kind.</summary>
    public static (string[] Required, string[] Optional) Columns(IngestKind kind) => kind switch
    {
        IngestKind.Demand => (DemandRowParser.Required, DemandRowParser.Optional),
        IngestKind.OrderLines => (OrderLineRowParser.Required, OrderLineRowParser.Optional),
        IngestKind.Catalog => (CatalogRowParser.Required, CatalogRowParser.Optional),
        IngestKind.Inventory => (InventoryRowParser.Required, InventoryRowParser.Optional),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a CSV kind."),
    };

    /// <param name="dayOf">For demand: the day of a row. Batches whose days all follow every day of the batches in
    /// flight hold no key in common with them, so up to <paramref name="concurrency"/> of them may be written at
    /// once (each in its own transaction); otherwise a batch waits for the ones before it.</param>
    private static async Task RunAsync<TRow>(
        CsvTable table,
        RowParser<TRow> parser,
        Func<IngestLoad, IReadOnlyList<TRow>, IReadOnlyList<IngestReject>, CancellationToken, Task<BatchResult>> write,
        LoadRun run,
        CancellationToken cancellationToken,
        Func<TRow, int>? dayOf = null,
        int concurrency = 1)
        where TRow : struct
    {
        // While batches are written, the next one is parsed, so parsing and the store's work overlap. Counts are
        // added in file order (each write waits for the one before it to be counted).
        var spare = new System.Collections.Concurrent.ConcurrentBag<(List<TRow> Rows, List<IngestReject> Rejects)>();
        var rows = new List<TRow>(Math.Min(run.Options.BatchSize, 65_536));
        var rejects = new List<IngestReject>();
        var inFlight = new Queue<(Task Task, int LastDay)>();
        Task? last = null;
        long read = 0, rejectedRows = 0, excludedRows = 0;
        int skuColumn = table.Names.ToList().IndexOf("sku");
        bool failed = true;
        try
        {
            while (table.Read())
            {
                // Each row ends as exactly one of: rejected (shape, unstorable field, bad value), excluded, or
                // handed to the store (which counts it accepted, duplicate or rejected).
                read++;
                if (table.CheckFieldCount() is { } wrongShape)
                {
                    rejects.Add(wrongShape);
                    rejectedRows++;
                }
                else if (table.CheckFields(run.Rules, rejects) > 0)
                {
                    rejectedRows++;
                }
                else if (run.Exclusion is { } exclusion && skuColumn >= 0 && exclusion.Excludes(table.Text(skuColumn)))
                {
                    excludedRows++;
                }
                else if (await parser.ParseAsync(rejects, cancellationToken) is { } row)
                {
                    rows.Add(row);
                }
                else
                {
                    rejectedRows++;
                }

                if (read == run.Options.BatchSize)
                {
                    await FlushAsync();
                }
            }

            await FlushAsync();
            failed = false;
        }
        finally
        {
            while (inFlight.Count > 0)
            {
                try
                {
                    await inFlight.Dequeue().Task; // never leave a batch being written behind
                }
                catch (Exception) when (failed)
                {
                    // The first failure is the one to report; each batch's own transaction kept it all or nothing.
                }
            }
        }

        async Task FlushAsync()
        {
            if (read == 0)
            {
                return;
            }

            cancellationToken.ThrowIfCancellationRequested();
            int firstDay = int.MaxValue, lastDay = int.MinValue;
            if (dayOf is not null)
            {
                foreach (var row in rows)
                {
                    int day = dayOf(row);
                    firstDay = Math.Min(firstDay, day);
                    lastDay = Math.Max(lastDay, day);
                }
            }

            bool disjoint = dayOf is not null && inFlight.All(f => f.LastDay < firstDay);
            while (inFlight.Count > 0 && (!disjoint || inFlight.Count >= concurrency))
            {
                await inFlight.Dequeue().Task;
            }

            cancellationToken.ThrowIfCancellationRequested(); // no batch starts after a cancel

            var batchRows = rows;
            var batchRejects = rejects;
            long batchRead = read, batchRejected = rejectedRows, batchExcluded = excludedRows, bytes = table.BytesRead;
            var before = last;
            var task = Task.Run(async () =>
            {
                var result = await write(run.Load, batchRows, batchRejects, cancellationToken);
                if (before is not null)
                {
                    await before; // counted in file order
                }

                run.Add(new IngestCounts(batchRead, result.Accepted, batchRejected + result.Rejects.Count, result.Duplicates, batchExcluded), batchRejects.Concat(result.Rejects));
                run.Progress?.Report(new IngestProgress(bytes, run.Length, run.Counts.RowsRead));
                batchRows.Clear();
                batchRejects.Clear();
                spare.Add((batchRows, batchRejects));
            }, CancellationToken.None);
            inFlight.Enqueue((task, lastDay));
            last = task;
            (rows, rejects) = spare.TryTake(out var free) ? free : (new List<TRow>(batchRows.Capacity), new List<IngestReject>());
            read = 0;
            rejectedRows = 0;
            excludedRows = 0;
        }
    }

    /// <summary>Running totals of one load.</summary>
    private sealed class LoadRun(IngestLoad load, IngestOptions options, IngestRules rules, SkuExclusion? exclusion, IProgress<IngestProgress>? progress, long? length)
    {
        private readonly List<IngestReject> _sample = [];

        public IngestLoad Load { get; } = load;

        public IngestOptions Options { get; } = options;

        public IngestRules Rules { get; } = rules;

        public SkuExclusion? Exclusion { get; } = exclusion;

        public IProgress<IngestProgress>? Progress { get; } = progress;

        public long? Length { get; } = length;

        public IngestCounts Counts { get; private set; } = IngestCounts.Zero;

        public IReadOnlyList<IngestReject> Sample => _sample.OrderBy(r => r.Line).ThenBy(r => r.Field, StringComparer.Ordinal).Take(Options.RejectSample).ToList();

        public void Add(IngestCounts batch, IEnumerable<IngestReject> rejects)
        {
            Counts = Counts.Add(batch);
            foreach (var reject in rejects)
            {
                if (_sample.Count < Options.RejectSample * 4)
                {
                    _sample.Add(reject);
                }
            }
        }
    }
}
