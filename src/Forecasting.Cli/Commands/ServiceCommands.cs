using System.CommandLine;
using System.Globalization;
using Forecasting.Jobs.Scheduling;
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
            var (configured, settings) = options.CreateBuilder(result);
            var jwt = configured.Configuration.GetSection("Forecasting:Jwt").Get<Forecasting.Web.Api.JwtOptions>();
            var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(new Microsoft.AspNetCore.Builder.WebApplicationOptions { Args = [], ContentRootPath = Directory.GetCurrentDirectory() });
            builder.WebHost.UseUrls(result.GetValue(urls)!);
            settings.Validate();
            var store = await Forecasting.Storage.StoreFactory.OpenAsync(settings.Store, settings.Resilience, null, cancellationToken);
            builder.AddForecastingJobs(settings, store: store);
            builder.Services.AddSingleton(settings.Ingest); // the API's ingest applies the configured rules
            Forecasting.Web.Api.ForecastingApi.AddForecastingApi(builder, store, jwt);
            await using var app = builder.Build();
            Forecasting.Web.Api.ForecastingApi.MapForecastingApi(app);
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
            var (builder, settings) = options.CreateBuilder(result);
            bool submit = result.GetValue(submitOnly);
            if (submit && settings.Mode != SchedulerMode.Clustered)
            {
                throw new ArgumentException("--submit-only needs the clustered mode: in embedded mode nobody else would run the jobs.");
            }

            // The host's log lines go to stderr: stdout carries only the outcome listing, so --format csv|json parses.
            builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = Microsoft.Extensions.Logging.LogLevel.Trace);
            builder.AddForecastingJobs(settings, withSchedules: false, execute: !submit);
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
        private readonly Option<string?> _inbox = new("--drop-folder") { Description = "folder the ingest job loads files from" };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { _config, _store, _mode, _node, _shards, _model, _inbox })
            {
                command.Options.Add(option);
            }
        }

        public (HostApplicationBuilder Builder, ServiceOptions Options) CreateBuilder(ParseResult result)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = Directory.GetCurrentDirectory() });
            var file = result.GetValue(_config);
            if (file is not null && !file.Exists)
            {
                throw new FileNotFoundException($"{file.FullName}: no such configuration file.", file.FullName);
            }

            var sources = builder.Configuration.Sources;
            int at = Math.Max(0, sources.Count - 1); // before the environment variables, so they override the file
            var path = file?.FullName ?? Path.GetFullPath(ServiceConfiguration.DefaultFile);
            var json = new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource { Path = path, Optional = file is null, ReloadOnChange = false };
            json.ResolveFileProvider();
            sources.Insert(at, json);
            var settings = ServiceConfiguration.Bind(builder.Configuration);
            settings = settings with
            {
                Store = result.GetValue(_store) ?? settings.Store,
                Mode = result.GetValue(_mode) ?? settings.Mode,
                NodeId = result.GetValue(_node) ?? settings.NodeId,
                Shards = result.GetValue(_shards) ?? settings.Shards,
                Model = result.GetValue(_model) ?? settings.Model,
                DropFolder = result.GetValue(_inbox) ?? settings.DropFolder,
            };
            return (builder, settings);
        }
    }
}
