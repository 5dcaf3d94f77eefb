using Forecasting.Pipeline.Scheduling;
using Microsoft.Extensions.Configuration;

namespace Forecasting.Pipeline.Tests.Scheduling;

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
}
