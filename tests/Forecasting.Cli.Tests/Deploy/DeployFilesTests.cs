using System.Net;
using Forecasting.Pipeline.Hosting;
using Microsoft.Extensions.Configuration;

namespace Forecasting.Cli.Tests.Deploy;

/// <summary>The container image, compose file and Kubernetes manifests (no Docker engine or cluster here): they
/// parse, every variable they set is a setting the service really binds and validates, and their probe paths answer
/// on a running service.</summary>
public sealed class DeployFilesTests
{
    public static TheoryData<string> YamlFiles => [.. Directory.EnumerateFiles(DeploySettings.File("deploy"), "*.yaml", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(DeploySettings.Repository, f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(YamlFiles))]
    public void Every_yaml_file_parses(string file)
    {
        var documents = DeploySettings.Documents(file);

        Assert.NotEmpty(documents);
        Assert.All(documents, d => Assert.IsAssignableFrom<IDictionary<object, object>>(d));
    }

    [Fact]
    public void The_image_sets_only_settings_the_service_binds_and_runs_as_non_root_with_a_healthcheck()
    {
        var variables = DeploySettings.DockerfileEnvironment("deploy/Dockerfile");
        var text = File.ReadAllText(DeploySettings.File("deploy/Dockerfile"));

        Assert.Contains("Forecasting__Store", variables.Keys);
        Assert.Empty(variables.Keys.Select(DeploySettings.Unbound).OfType<string>());
        Assert.Contains("USER $APP_UID", text, StringComparison.Ordinal);
        Assert.Contains("HEALTHCHECK", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Each_compose_node_sets_bound_settings_that_validate_as_a_clustered_node()
    {
        var compose = (IDictionary<object, object>)DeploySettings.Documents("deploy/compose.yaml")[0]!;
        var nodes = ((IDictionary<object, object>)compose["services"]).Keys.Cast<string>().Where(s => s.StartsWith("node", StringComparison.Ordinal)).ToList();

        Assert.Equal(3, nodes.Count);
        foreach (var node in nodes)
        {
            var variables = DeploySettings.Environment(compose, "services", node, "environment");
            Assert.Empty(variables.Keys.Select(DeploySettings.Unbound).OfType<string>());
            var options = ServiceConfiguration.Bind(Configuration(variables));
            Assert.Empty(options.Errors());
            Assert.Equal((Forecasting.Pipeline.Scheduling.SchedulerMode.Clustered, node), (options.Mode, options.NodeId));
        }
    }

    [Fact]
    public void The_manifests_set_bound_settings_and_take_the_connection_string_from_a_secret()
    {
        var settings = Manifest("configmap.yaml");
        var deployment = Manifest("deployment.yaml");
        var container = Container(deployment);
        var data = DeploySettings.Environment(settings, "data");
        var env = ((List<object>)container["env"]).Cast<IDictionary<object, object>>().ToList();

        Assert.Empty(data.Keys.Concat(env.Select(e => (string)e["name"])).Select(DeploySettings.Unbound).OfType<string>());
        var store = Assert.Single(env, e => (string)e["name"] == "Forecasting__Store");
        Assert.True(((IDictionary<object, object>)store["valueFrom"]).ContainsKey("secretKeyRef"), "the connection string must come from a Secret");
        data["Forecasting__Store"] = "Host=db;Username=forecasting;Database=forecasting"; // what the Secret holds
        Assert.Empty(ServiceConfiguration.Bind(Configuration(data)).Errors());
        Assert.Equal("3", Convert.ToString(((IDictionary<object, object>)deployment["spec"])["replicas"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(int.Parse((string)((IDictionary<object, object>)((IDictionary<object, object>)((IDictionary<object, object>)deployment["spec"])["template"])["spec"])["terminationGracePeriodSeconds"], System.Globalization.CultureInfo.InvariantCulture) > 600,
            "the grace period must outlast the host's 10-minute shutdown timeout");
    }

    [Fact]
    public async Task The_probe_paths_of_the_image_and_the_manifests_answer_on_a_running_service()
    {
        var container = Container(Manifest("deployment.yaml"));
        var paths = new[] { "startupProbe", "readinessProbe", "livenessProbe" }
            .Select(p => (string)((IDictionary<object, object>)((IDictionary<object, object>)container[p])["httpGet"])["path"])
            .Append(new Uri(System.Text.RegularExpressions.Regex.Match(File.ReadAllText(DeploySettings.File("deploy/Dockerfile")), @"--probe"", ""([^""]+)""").Groups[1].Value).AbsolutePath)
            .Distinct().ToList();
        using var temp = new TempFolder();
        var address = ServiceAddress.Free();
        using var serve = CliProcess.Start(temp, "serve", "--urls", address.ToString(), "--db", temp.File("store.db"));
        try
        {
            await ServiceAddress.WaitAsync(serve, address);
            using var client = new HttpClient { BaseAddress = address };
            foreach (var path in paths)
            {
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
            }

            Assert.Contains("/health/ready", paths);
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
        }
    }

    private static IConfiguration Configuration(Dictionary<string, string> variables) => new ConfigurationBuilder()
        .AddInMemoryCollection(variables.Select(v => new KeyValuePair<string, string?>(v.Key.Replace("__", ":", StringComparison.Ordinal), v.Value)))
        .Build();

    private static IDictionary<object, object> Manifest(string name) => (IDictionary<object, object>)DeploySettings.Documents("deploy/k8s/base/" + name)[0]!;

    private static IDictionary<object, object> Container(IDictionary<object, object> deployment)
    {
        var pod = (IDictionary<object, object>)((IDictionary<object, object>)((IDictionary<object, object>)deployment["spec"])["template"])["spec"];
        return (IDictionary<object, object>)((List<object>)pod["containers"])[0];
    }
}
