using System.CommandLine;
using Forecasting.Storage.Files;
using Forecasting.Cli.Commands;
using Forecasting.Pipeline.Ingest;
using Forecasting.Storage.Postgres;
using Spectre.Console;

namespace Forecasting.Cli;

/// <summary>The <c>forecasting</c> command: one sub-command per verb of the pipeline.</summary>
public static class CliApp
{
    /// <summary>Exit code of a run that failed on bad input or a missing file (the message says why).</summary>
    public const int ExitError = 1;

    /// <summary>Exit code after Ctrl+C / SIGTERM.</summary>
    public const int ExitCancelled = 130;

    public static async Task<int> RunAsync(string[] args, IAnsiConsole? console = null)
    {
        console ??= CreateConsole();
        var root = Build(console);
        var configuration = new InvocationConfiguration
        {
            EnableDefaultExceptionHandler = false,
            // Ctrl+C / SIGTERM cancel the command at once; the process is only forced down if it has not finished
            // after the host's own shutdown allowance (a shard may finish or be handed back first). The default
            // of 2 s cut short a node whose shard was completing and made it exit non-zero.
            ProcessTerminationTimeout = TimeSpan.FromMinutes(11),
        };
        try
        {
            return await root.Parse(args).InvokeAsync(configuration);
        }
        catch (Exception error)
        {
            return Report(console, error);
        }
    }

    /// <summary>
    /// The console for a real run: colours, links and wrapping when stdout is a terminal; plain text (no escape
    /// byte, no OSC-8 link, no wrapping) when it is redirected or <c>NO_COLOR</c> is set (https://no-color.org).
    /// </summary>
    public static IAnsiConsole CreateConsole()
    {
        bool plain = Console.IsOutputRedirected || Environment.GetEnvironmentVariable("NO_COLOR") is { Length: > 0 };
        if (!plain)
        {
            return AnsiConsole.Console;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        console.Profile.Width = PlainWidth;
        return console;
    }

    /// <summary>Line width of plain output: wide enough that no table row or message is wrapped.</summary>
    private const int PlainWidth = 4096;

    /// <summary>Exit code when the database stayed unreachable for longer than the retry budget (sysexits' EX_TEMPFAIL:
    /// the same command may succeed later; whole batches and runs are kept or marked failed, re-running is safe).</summary>
    public const int ExitStoreUnavailable = 75;

    /// <summary>Exit code of a failure nobody foresaw (a bug): the one-line message names its type.</summary>
    public const int ExitUnexpected = 70;

    /// <summary>Every way a command can fail ends here: one line on the console, an exit code, never a stack trace
    /// (set FORECASTING_TRACE=1 to have it printed as well).</summary>
    public static int Report(IAnsiConsole console, Exception error)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(error);
        if (error is AggregateException { InnerExceptions.Count: 1 } single)
        {
            error = single.InnerExceptions[0];
        }

        if (Environment.GetEnvironmentVariable("FORECASTING_TRACE") == "1")
        {
            Console.Error.WriteLine(error);
        }

        switch (error)
        {
            case OperationCanceledException:
                console.MarkupLine("[yellow]Cancelled.[/] Whole batches already loaded are kept; re-running is safe.");
                return ExitCancelled;
            case StoreException { IsTransient: true }:
                console.MarkupLineInterpolated($"[red]error:[/] database unavailable: {OneLine(error.Message)}; re-run once it is back (finished work is kept).");
                return ExitStoreUnavailable;
            case StoreException or IngestFormatException or FileNotFoundException or DirectoryNotFoundException or FormatException or ArgumentException
                or InvalidOperationException or IOException or UnauthorizedAccessException or Microsoft.Extensions.Options.OptionsValidationException:
                console.MarkupLineInterpolated($"[red]error:[/] {OneLine(error.Message)}");
                return ExitError;
            default:
                console.MarkupLineInterpolated($"[red]error:[/] unexpected {error.GetType().Name}: {OneLine(error.Message)}");
                return ExitUnexpected;
        }
    }

    private static string OneLine(string message) => message.Trim().ReplaceLineEndings(" ");

    public static RootCommand Build(IAnsiConsole console)
    {
        var root = new RootCommand("Forecasting: demand forecasting and anticipatory stocking for an online fashion platform.");
        root.Subcommands.Add(DemoCommand.Create(console));
        root.Subcommands.Add(GenerateCommand.Create(console));
        root.Subcommands.Add(IngestCommand.Create(console));
        root.Subcommands.Add(EvaluateCommand.Create(console));
        root.Subcommands.Add(ForecastCommand.Create(console));
        root.Subcommands.Add(RejectsCommand.Create(console));
        root.Subcommands.Add(AccuracyCommands.Score(console));
        root.Subcommands.Add(AccuracyCommands.Report(console));
        root.Subcommands.Add(BenchCommand.Create(console));
        root.Subcommands.Add(PlanCommands.Plan(console));
        root.Subcommands.Add(KeysCommand.Create(console));
        root.Subcommands.Add(PlanCommands.Proposals(console));
        root.Subcommands.Add(ForecastsCommand.Create(console));
        root.Subcommands.Add(ExportsCommand.Create(console));
        root.Subcommands.Add(TrendsCommand.Create(console));
        root.Subcommands.Add(SimulateCommand.Create(console));
        root.Subcommands.Add(ServiceCommands.Serve(console));
        root.Subcommands.Add(ServiceCommands.Run(console));
        return root;
    }
}
