using System.Reflection;
using System.Text.RegularExpressions;
using Forecasting.Pipeline.Scheduling;
using Forecasting.Web.Api;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Forecasting.Cli.Tests.Deploy;

/// <summary>Reads what the deployment files under deploy/ set: environment variables, probe paths, YAML documents.</summary>
internal static partial class DeploySettings
{
    /// <summary>Variables the host reads that are not options of ours.</summary>
    public static readonly string[] Standard = ["ASPNETCORE_HTTP_PORTS", "OTEL_SERVICE_NAME", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL"];

    public static string Repository { get; } = FindRepository();

    public static string File(string relative) => Path.Combine(Repository, relative);

    /// <summary>Every YAML document of a file, merge keys (<c>&lt;&lt;: *anchor</c>) resolved.</summary>
    public static List<object?> Documents(string relative)
    {
        using var reader = new StreamReader(File(relative));
        var parser = new MergingParser(new Parser(reader));
        var deserializer = new DeserializerBuilder().Build();
        var documents = new List<object?>();
        parser.Consume<YamlDotNet.Core.Events.StreamStart>();
        while (parser.Accept<YamlDotNet.Core.Events.DocumentStart>(out _))
        {
            documents.Add(deserializer.Deserialize(parser));
        }

        return documents;
    }

    public static Dictionary<string, string> Environment(IDictionary<object, object> map, params string[] path)
    {
        object current = map;
        foreach (var key in path)
        {
            current = ((IDictionary<object, object>)current)[key];
        }

        return ((IDictionary<object, object>)current).ToDictionary(p => (string)p.Key, p => Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture)!);
    }

    /// <summary>The ENV variables of a Dockerfile (several per instruction, continued lines joined).</summary>
    public static Dictionary<string, string> DockerfileEnvironment(string relative)
    {
        var text = System.IO.File.ReadAllText(File(relative)).Replace("\\\n", " ", StringComparison.Ordinal);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n').Where(l => l.StartsWith("ENV ", StringComparison.Ordinal)))
        {
            foreach (Match pair in EnvPair().Matches(line[4..]))
            {
                variables[pair.Groups[1].Value] = pair.Groups[2].Value;
            }
        }

        return variables;
    }

    /// <summary>Why a variable is not a setting the service binds (null: it is one).</summary>
    public static string? Unbound(string variable)
    {
        if (Standard.Contains(variable, StringComparer.Ordinal))
        {
            return null;
        }

        var segments = variable.Split("__");
        if (segments[0] != ServiceOptions.Section || segments.Length < 2)
        {
            return $"{variable}: not in section {ServiceOptions.Section} and not a standard variable";
        }

        Type type = segments[1].Equals("Jwt", StringComparison.OrdinalIgnoreCase) ? typeof(JwtOptions) : typeof(ServiceOptions);
        foreach (var segment in segments.Skip(type == typeof(JwtOptions) ? 2 : 1))
        {
            var property = type.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null || !property.CanWrite)
            {
                return $"{variable}: {type.Name} has no settable property {segment}";
            }

            type = property.PropertyType;
        }

        return type.IsClass && type != typeof(string) ? $"{variable}: {type.Name} is a section, not a value" : null;
    }

    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_]*)=(\S+)")]
    private static partial Regex EnvPair();

    private static string FindRepository()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !System.IO.File.Exists(Path.Combine(folder.FullName, "Forecasting.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Forecasting.sln not found above the test folder.");
    }
}
