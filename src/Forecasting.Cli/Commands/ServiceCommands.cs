using System.CommandLine;
using System.Globalization;
using Forecasting.Pipeline.Hosting;
using Forecasting.Pipeline.Scheduling;
using Forecasting.Service;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace Forecasting.Cli.Commands;

/// <summary>
/// <c>forecasting serve</c> (the scheduled service: embedded, or one node of a cluster) and
/// <c>forecasting run --job</c> (fire jobs once through the same scheduler and exit). Both stop gracefully on
/// Ctrl+C / SIGTERM: running jobs finish (a training shard completes) before the process exits.
/// </summary>
internal static class ServiceCommands
{
    public static Command Serve(IAnsiConsole console)
    {
        var options = new ServiceCliOptions();
        var urls = new Option<string>("--urls") { Description = "where the HTTP API listens", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var command = new Command("serve", "Run the HTTP API and the scheduled jobs (ingest, train, plan, score) until stopped; clustered mode joins the other nodes on PostgreSQL.") { urls };
        options.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var app = await ServiceHost.BuildAsync([.. options.HostArguments(result), "--urls=" + result.GetValue(urls)], options.ConfigFile(result), cancellationToken);
            var settings = app.Services.GetRequiredService<ServiceOptions>();
            console.MarkupLineInterpolated($"forecasting serve: node {settings.ResolvedNodeId}, {settings.Mode} mode, store {Describe(settings.Store)}, {settings.Shards} shards, API on {result.GetValue(urls)}; Ctrl+C or SIGTERM stops it (running shards finish, or are handed to another node in clustered mode)");
            await app.RunAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    public static Command Run(IAnsiConsole console)
    {
        var options = new ServiceCliOptions();
        var job = new Option<string>("--job") { Description = $"{string.Join(", ", JobKeys.ByName.Keys)} or all ({string.Join(" -> ", JobRunner.All)})", Required = true };
        var submitOnly = new Option<bool>("--submit-only") { Description = "clustered mode: only submit the jobs to the cluster and wait; this process runs none of them" };
        var format = Listing.FormatOption();
        var command = new Command("run", "Fire jobs once through the scheduler (the same code path as the schedule), wait for them, print the outcome and exit.") { job, submitOnly, format };
        options.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            string name = result.GetValue(job)!;
            IReadOnlyList<string> jobs = name.Equals("all", StringComparison.OrdinalIgnoreCase) ? JobRunner.All
                : JobKeys.ByName.ContainsKey(name) ? [name]
                : throw new ArgumentException($"--job: unknown job '{name}'; jobs: {string.Join(", ", JobKeys.ByName.Keys)}, all.");
            var builder = Host.CreateApplicationBuilder(options.HostArguments(result));
            builder.AddDeploymentFile(options.ConfigFile(result));
            var settings = builder.AddForecastingOptions();
            bool submit = result.GetValue(submitOnly);
            if (submit && settings.Mode != SchedulerMode.Clustered)
            {
                throw new ArgumentException("--submit-only needs the clustered mode: in embedded mode nobody else would run the jobs.");
            }

            // The host's log lines go to stderr: stdout carries only the outcome listing, so --format csv|json parses.
            builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = Microsoft.Extensions.Logging.LogLevel.Trace);
            await builder.AddForecastingStoreAsync(cancellationToken: cancellationToken);
            builder.AddForecastingJobs(withSchedules: false, execute: !submit);
            builder.AddForecastingTelemetry();
            using var host = builder.Build();
            await host.StartAsync(cancellationToken);
            try
            {
                var outcomes = await host.Services.GetRequiredService<JobRunner>().RunAsync(jobs, cancellationToken);
                Listing.Write(console, result.GetValue(format), ["job", "run", "node", "status", "series", "seconds", "note"],
                    outcomes.Select(o => new object?[] { o.Job, o.RunId, o.Node, o.Status, o.Series, Math.Round(((o.FinishedAt ?? o.StartedAt) - o.StartedAt).TotalSeconds, 1), o.Error }));
                return outcomes.All(o => o.Status is "completed" or "skipped") ? 0 : CliApp.ExitError;
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
            }
        });
        return command;
    }

    private static string Describe(string store) => Forecasting.Storage.StoreFactory.IsPostgres(store) ? "PostgreSQL" : store;

    /// <summary>Options shared by serve and run: the configuration file and the common overrides.</summary>
    private sealed class ServiceCliOptions
    {
        private readonly Option<FileInfo?> _config = new("--config") { Description = $"configuration file (default: {ServiceConfiguration.DefaultFile} when it exists); environment variables Forecasting__Store etc. override it" };
        private readonly Option<string?> _store = new("--db") { Description = "store: SQLite file or PostgreSQL connection string / postgres:// URL" };
        private readonly Option<SchedulerMode?> _mode = new("--mode") { Description = "Embedded (default) or Clustered (PostgreSQL)" };
        private readonly Option<string?> _node = new("--node-id") { Description = "this node's unique id (default: host name and process id)" };
        private readonly Option<int?> _shards = new("--shards") { Description = "training shards per run" };
        private readonly Option<string?> _model = new("--model") { Description = "model the train job uses (e.g. auto, ssa, snaive)" };
        private readonly Option<string?> _inbox = new("--drop-folder") { Description = "folder the ingest job loads new files from (Forecasting:Ingest:Inbox)" };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { _config, _store, _mode, _node, _shards, _model, _inbox })
            {
                command.Options.Add(option);
            }
        }

        /// <summary>The deployment file given with --config (null: config/forecasting.json when it exists).</summary>
        public string? ConfigFile(ParseResult result) => result.GetValue(_config)?.FullName;

        /// <summary>The overrides given as options, as host command-line arguments (they override the files and
        /// the environment variables, as any command-line setting does).</summary>
        public string[] HostArguments(ParseResult result)
        {
            var arguments = new List<string>();
            Add("Store", result.GetValue(_store));
            Add("Mode", result.GetValue(_mode)?.ToString());
            Add("NodeId", result.GetValue(_node));
            Add("Shards", result.GetValue(_shards)?.ToString(CultureInfo.InvariantCulture));
            Add("Model", result.GetValue(_model));
            Add("Ingest:Inbox", result.GetValue(_inbox)); // the key that wins over DropFolder
            return [.. arguments];

            void Add(string key, string? value)
            {
                if (value is not null)
                {
                    arguments.Add($"--{ServiceOptions.Section}:{key}={value}");
                }
            }
        }
    }
}
