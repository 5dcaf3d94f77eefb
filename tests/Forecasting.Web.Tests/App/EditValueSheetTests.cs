using System.Text;
using Forecasting.Core.Domain;
using Forecasting.Core.Planning;
using Forecasting.Pipeline.Ingest;
using Forecasting.Storage;
using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Workflow;
using Forecasting.Web.App.Planning;

namespace Forecasting.Web.Tests.App;

/// <summary>Ops' value added of the planners' edits, on a real SQLite store: edits valued on the actual demand once their window passed.</summary>
public sealed class EditValueSheetTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("forecasting-edits-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static TransferProposal Move(string sku, int quantity) =>
        new(sku, "dc", "wh-north", quantity, new DateOnly(2026, 3, 4), 10, 35, 20, 50, 45, 10, 10 + quantity, 0.95, 24, quantity * 2.0, 228, "Auto",
            Limits: new MoveLimits(100, 1, 1, 100, 2, 12));

    [Fact]
    public async Task An_edit_is_valued_on_the_demand_of_its_window_and_an_edit_still_in_its_window_is_pending()
    {
        var store = await StoreFactory.OpenAsync(Path.Combine(_folder, "store.db"));
        var load = await store.BeginLoadAsync("Network", "test");
        await store.SaveNetworkAsync(load, new Network(
            [new Region("north", "North", "DE"), new Region("south", "South", "DE")],
            [new Warehouse("wh-north", ["north"], 53.5, 10.0, 1000, false), new Warehouse("wh-south", ["south"], 48.1, 11.6, 1000, false), new Warehouse("dc", [], 50.1, 8.7, 10000, true)],
            [new Lane("dc", "wh-north", 2, 2m, 0), new Lane("dc", "wh-south", 2, 2m, 0)]));
        // A sells 2.5 a day in the north from 2026-03-02 to 2026-03-11 (25 in the 10-day window) and 7 a day in the south
        // (not served by wh-north: not counted).
        var csv = new StringBuilder("sku,region,date,units\n");
        for (int d = 0; d < 10; d++)
        {
            var day = new DateOnly(2026, 3, 2).AddDays(d).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            csv.Append($"A,north,{day},{(d % 2 == 0 ? 2 : 3)}\nA,south,{day},7\nB,north,{day},1\n");
        }

        using (var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())))
        {
            await new IngestService(store).IngestAsync(IngestKind.Demand, stream, "demand.csv", new IngestOptions { AutoRegister = true });
        }

        var first = await store.CreatePlanRunAsync(1, new DateOnly(2026, 3, 2));
        await store.WriteProposalsAsync(first.Id, [Move("A", 30), Move("B", 20)]);
        var moves = await store.ListProposalsAsync(planRunId: first.Id);
        long a = moves.Single(p => p.Proposal.Sku == "A").Id, b = moves.Single(p => p.Proposal.Sku == "B").Id;
        Assert.True((await store.DecideAsync(a, 1, "edit", "ana", quantity: 15)).Applied);
        Assert.True((await store.DecideAsync(b, 1, "edit", "ana", quantity: 5)).Applied);
        Assert.True((await store.DecideAsync(b, 2, "reject", "ana", reason: "no room")).Applied); // no move happened: not valued
        var later = await store.CreatePlanRunAsync(1, new DateOnly(2026, 3, 9)); // its window runs past the last day of demand
        await store.WriteProposalsAsync(later.Id, [Move("A", 8)]);
        long pending = (await store.ListProposalsAsync(planRunId: later.Id)).Single().Id;
        Assert.True((await store.DecideAsync(pending, 1, "edit", "ana", quantity: 4)).Applied);

        var sheet = await EditValueSheet.LoadAsync(store, default);

        var outcome = Assert.Single(sheet.Outcomes);
        Assert.Equal(("A", 25.0, 15), (outcome.Proposal.Sku, outcome.Demand, outcome.EditedQuantity));
        Assert.Equal(30.0, outcome.ValueAdded, 9); // 15 units avoid the same 15 short as 30 did, at half the transfer cost (2 x 15)
        Assert.Equal(1, sheet.Pending);
        var week = Assert.Single(sheet.Weeks);
        Assert.Equal((new DateOnly(2026, 3, 2), 1, 1, 0), (week.Week, week.Edits, week.Better, week.Worse));
        Assert.NotNull(sheet.Chart);
    }
}
