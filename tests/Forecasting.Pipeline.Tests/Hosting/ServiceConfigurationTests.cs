using Forecasting.Pipeline.Hosting;
using Forecasting.Pipeline.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Forecasting.Pipeline.Tests.Hosting;

public sealed class ServiceConfigurationTests
{
    private static string RepositoryFile(string relative)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Forecasting.sln")))
        {
            folder = folder.Parent;
        }

        return Path.Combine(folder?.FullName ?? throw new InvalidOperationException("Forecasting.sln not found above the test folder."), relative);
    }

    [Fact]
    public void The_shipped_configuration_binds_and_validates_with_its_accuracy_settings()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(RepositoryFile(ServiceConfiguration.DefaultFile)).Build();

        var options = ServiceConfiguration.Bind(configuration);
        options.Validate();

        Assert.Equal((35, 364), (options.Accuracy.KeepDailyDays, options.Accuracy.KeepWeeklyDays));
        Assert.Equal((0.25, 0.70, 0.90, "1-7"), (options.Accuracy.Drift.WapeMargin, options.Accuracy.Drift.CoverageLow, options.Accuracy.Drift.CoverageHigh, options.Accuracy.Drift.Bucket));
        Assert.Equal(["region", "category"], options.Accuracy.Drift.JudgedDimensions);
    }

    [Fact]
    public void Invalid_accuracy_settings_stop_the_service_naming_them()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Forecasting:Accuracy:KeepDailyDays"] = "0",
            ["Forecasting:Accuracy:Drift:CoverageLow"] = "0.95",
            ["Forecasting:Accuracy:Drift:Dimensions:0"] = "colour",
        }).Build();

        var options = ServiceConfiguration.Bind(configuration);
        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("Forecasting:Drift", error.Message, StringComparison.Ordinal);
        Assert.Contains("colour", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_inbox_comes_from_Ingest_Inbox_else_the_drop_folder_and_a_blank_one_is_refused_naming_its_key()
    {
        ServiceOptions Bind(Dictionary<string, string?> settings) => ServiceConfiguration.Bind(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

        var both = Bind(new() { ["Forecasting:DropFolder"] = "drop", ["Forecasting:Ingest:Inbox"] = "feeds/daily" });
        var dropOnly = Bind(new() { ["Forecasting:DropFolder"] = "drop" });
        var blank = Bind(new() { ["Forecasting:Ingest:Inbox"] = " " });

        Assert.Equal(("feeds/daily", "drop"), (both.InboxFolder, dropOnly.InboxFolder));
        Assert.Empty(both.Errors());
        Assert.Contains(blank.Errors(), e => e.StartsWith("Forecasting:Ingest:Inbox ' ' is not a folder path", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("config/forecasting.json")]
    [InlineData("config/embedded.json")]
    [InlineData("config/clustered.json")]
    public void Every_example_configuration_binds_and_validates(string file)
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(RepositoryFile(file)).Build();

        var options = ServiceConfiguration.Bind(configuration);

        Assert.Empty(options.Errors());
        Assert.Equal(file.Contains("clustered", StringComparison.Ordinal) ? SchedulerMode.Clustered : SchedulerMode.Embedded, options.Mode);
    }

    [Fact]
    public void Durations_are_time_spans_in_the_configuration()
    {
        var builder = Builder(("Forecasting:IdleWait", "00:00:03"), ("Forecasting:CheckinInterval", "00:00:02.500"));

        var options = builder.AddForecastingOptions();

        Assert.Equal((TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2.5)), (options.IdleWait, options.CheckinInterval));
    }

    [Fact]
    public void A_bad_setting_stops_start_up_with_one_message_naming_each_key()
    {
        var builder = Builder(("Forecasting:Shards", "0"), ("Forecasting:IdleWait", "00:00:00.100"));

        var error = Assert.Throws<OptionsValidationException>(() => builder.AddForecastingOptions());

        Assert.Contains("Forecasting:Shards", error.Message, StringComparison.Ordinal);
        Assert.Contains("Forecasting:IdleWait", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_of_the_wrong_type_names_its_key()
    {
        var builder = Builder(("Forecasting:CheckinMisfireThreshold", "soon"));

        var error = Assert.Throws<ArgumentException>(() => builder.AddForecastingOptions());

        Assert.Contains("Forecasting:CheckinMisfireThreshold", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_options_are_registered_validated_on_start_and_as_one_instance()
    {
        var builder = Builder(("Forecasting:Shards", "3"));

        var options = builder.AddForecastingOptions();
        using var host = builder.Build();

        Assert.Same(options, builder.AddForecastingOptions());
        Assert.Same(options, host.Services.GetRequiredService<ServiceOptions>());
        Assert.Equal(3, host.Services.GetRequiredService<IOptions<ServiceOptions>>().Value.Shards);
        Assert.IsType<ServiceOptionsValidator>(Assert.Single(host.Services.GetServices<IValidateOptions<ServiceOptions>>()));
    }

    private static HostApplicationBuilder Builder(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = Path.GetTempPath(), DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        return builder;
    }
}
