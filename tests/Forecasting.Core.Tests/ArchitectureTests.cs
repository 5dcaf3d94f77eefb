using System.Xml.Linq;
using Forecasting.Core.Domain;

namespace Forecasting.Core.Tests;

/// <summary>Core stays pure: no storage, scheduler, web or I/O library, now or by accident later.</summary>
public class ArchitectureTests
{
    private static readonly string[] Forbidden =
    [
        "Microsoft.Data", "Npgsql", "Quartz", "Microsoft.AspNetCore", "SQLitePCL", "CsvHelper",
        "Microsoft.Extensions", "OpenTelemetry", "Spectre", "System.CommandLine", "Forecasting.Storage",
        "Forecasting.Pipeline", "Forecasting.Web", "Forecasting.Cli",
    ];

    [Fact]
    public void Core_assembly_references_no_storage_scheduler_or_web_assembly()
    {
        var references = typeof(DemandSeries).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains("System.Runtime", references); // the check sees real references
        Assert.DoesNotContain(references, name => Forbidden.Any(f => name.StartsWith(f, StringComparison.Ordinal)));
    }

    [Fact]
    public void Core_project_has_no_package_or_project_reference()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Forecasting.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        var project = XDocument.Load(Path.Combine(directory.FullName, "src", "Forecasting.Core", "Forecasting.Core.csproj"));
        Assert.DoesNotContain(project.Descendants(), e => e.Name.LocalName is "PackageReference" or "ProjectReference" or "FrameworkReference");
    }
}
