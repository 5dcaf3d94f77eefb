// forecasting-bench: the load and scale harnesses (docs/benchmarks.md says which command gives which number).
//   dotnet run -c Release --project src/Forecasting.Bench -- api --proposals 100000 --connections 32 --seconds 10
//   dotnet run -c Release --project src/Forecasting.Bench -- plan --skus 100000 --warehouses 20
//   dotnet run -c Release --project src/Forecasting.Bench -- score --skus 10000 --regions 10 --db CONNSTRING
using System.CommandLine;
using Forecasting.Bench;
using Spectre.Console;

var console = AnsiConsole.Console;
var root = new RootCommand("Load and scale harnesses of Forecasting (medians and ratios go to docs/benchmarks.md, never into tests).")
{
    BenchApiCommand.Create(console),
    BenchPlanCommand.Create(console),
    BenchScoreCommand.Create(console),
    BenchTrendsCommand.Create(console),
};
try
{
    return await root.Parse(args).InvokeAsync();
}
catch (Exception error) when (error is not OutOfMemoryException)
{
    console.MarkupLineInterpolated($"[red]error:[/] {error.GetType().Name}: {error.Message}");
    return 1;
}
