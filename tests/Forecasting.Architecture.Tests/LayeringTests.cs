using System.Reflection;
using System.Xml.Linq;

namespace Forecasting.Architecture.Tests;

/// <summary>
/// The dependencies run one way: Core (pure domain and engine) &lt;- Storage (SQLite, PostgreSQL, files) &lt;-
/// Pipeline (ingest, training, planning, scoring, Quartz scheduling) &lt;- Web (the HTTP API and reports) &lt;-
/// Service (the host, telemetry) &lt;- Cli (commands). The micro-benchmarks (Benchmarks) and the load harnesses
/// (Bench) sit beside the product, which never references them. Each layer is checked in its project file and in its compiled assembly's references.
/// </summary>
public sealed class LayeringTests
{
    private static readonly string[] Hosting = ["Microsoft.AspNetCore", "OpenTelemetry", "Spectre.Console", "System.CommandLine", "ScottPlot", "BenchmarkDotNet"];
    private static readonly string[] Databases = ["Npgsql", "Microsoft.Data.Sqlite", "SQLitePCLRaw", "Dapper"];

    internal static readonly Layer[] Layers =
    [
        new("Forecasting.Core", [], [.. Hosting, .. Databases, "Quartz", "CsvHelper", "Parquet", "Polly", "Microsoft.Extensions", "Forecasting.Storage", "Forecasting.Pipeline", "Forecasting.Web", "Forecasting.Service", "forecasting"]),
        new("Forecasting.Storage", ["Forecasting.Core"], [.. Hosting, "Quartz", "Forecasting.Pipeline", "Forecasting.Web", "Forecasting.Service", "forecasting"]),
        new("Forecasting.Pipeline", ["Forecasting.Storage"], [.. Hosting, .. Databases, "Forecasting.Web", "Forecasting.Service", "forecasting"]),
        new("Forecasting.Web", ["Forecasting.Pipeline"], ["OpenTelemetry", "Spectre.Console", "System.CommandLine", "BenchmarkDotNet", .. Databases, "Forecasting.Service", "forecasting"]),
        new("Forecasting.Service", ["Forecasting.Web"], ["Spectre.Console", "System.CommandLine", "BenchmarkDotNet", .. Databases, "forecasting"], Assembly: "forecasting-service"),
        new("Forecasting.Cli", ["Forecasting.Service"], ["BenchmarkDotNet", "Forecasting.Benchmarks", "forecasting-bench"], Assembly: "forecasting"),
        new("Forecasting.Benchmarks", ["Forecasting.Core"], ["Forecasting.Web", "Forecasting.Service", "forecasting"]),
        new("Forecasting.Bench", ["Forecasting.Web"], ["BenchmarkDotNet", "Forecasting.Service", "forecasting"], Assembly: "forecasting-bench"),
    ];

    public static TheoryData<string> Projects => [.. Layers.Select(l => l.Project)];

    [Theory]
    [MemberData(nameof(Projects))]
    public void Each_layer_references_only_the_layers_below_it(string project)
    {
        var layer = Layers.Single(l => l.Project == project);
        var assembly = Assembly.Load(layer.AssemblyName);
        var references = assembly.GetReferencedAssemblies();

        var breaches = layer.Breaches(ProjectFile(project), references);

        Assert.Contains(references, r => r.Name == "System.Runtime"); // the check sees real references
        Assert.True(breaches.Count == 0, string.Join(Environment.NewLine, breaches));
    }

    [Fact]
    public void Every_project_under_src_has_a_layer()
    {
        var projects = Directory.GetDirectories(Path.Combine(Repository, "src")).Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(Layers.Select(l => l.Project).Order(StringComparer.Ordinal), projects);
    }

    [Fact]
    public void A_forbidden_project_or_package_reference_is_reported()
    {
        var storage = Layers.Single(l => l.Project == "Forecasting.Storage");
        var file = XDocument.Parse("""
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <ProjectReference Include="..\Forecasting.Core\Forecasting.Core.csproj" />
                <ProjectReference Include="..\Forecasting.Pipeline\Forecasting.Pipeline.csproj" />
                <PackageReference Include="Quartz" />
                <PackageReference Include="Npgsql" />
              </ItemGroup>
            </Project>
            """);

        var breaches = storage.Breaches(file, [new AssemblyName("Microsoft.AspNetCore.Http"), new AssemblyName("Npgsql")]);

        Assert.Equal(3, breaches.Count);
        Assert.Contains(breaches, b => b.Contains("project Forecasting.Pipeline", StringComparison.Ordinal));
        Assert.Contains(breaches, b => b.Contains("PackageReference Quartz", StringComparison.Ordinal));
        Assert.Contains(breaches, b => b.Contains("assembly Microsoft.AspNetCore.Http", StringComparison.Ordinal));
    }

    [Fact]
    public void Quartz_is_used_only_in_the_pipelines_scheduling_folder()
    {
        var users = Directory.EnumerateFiles(Path.Combine(Repository, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadLines(f).Any(line => line.StartsWith("using Quartz", StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(Repository, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("src/Forecasting.Pipeline/Scheduling/", StringComparison.Ordinal))
            .ToList();

        Assert.True(users.Count == 0, "Quartz outside Pipeline/Scheduling: " + string.Join(", ", users));
    }

    internal static string Repository { get; } = FindRepository();

    private static XDocument ProjectFile(string project) => XDocument.Load(Path.Combine(Repository, "src", project, project + ".csproj"));

    private static string FindRepository()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Forecasting.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Forecasting.sln not found above the test folder.");
    }
}
