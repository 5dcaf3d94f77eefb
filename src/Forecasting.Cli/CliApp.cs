using System.CommandLine;
using Forecasting.Cli.Commands;
using Forecasting.Storage.Ingest;
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
        catch (OperationCanceledException)
        {
            console.MarkupLine("[yellow]Cancelled.[/] Whole batches already loaded are kept; re-running is safe.");
            return ExitCancelled;
        }
        catch (Exception e) when (e is IngestFormatException or FileNotFoundException or DirectoryNotFoundException or FormatException or ArgumentException or InvalidOperationException or IOException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return ExitError;
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
        root.Subcommands.Add(ServiceCommands.Serve(console));
        root.Subcommands.Add(ServiceCommands.Run(console));
        return root;
    }
}
