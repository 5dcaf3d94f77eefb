using Forecasting.Core.Forecasting;
using Forecasting.Core.Synthetic;
using Forecasting.Pipeline.Evaluation;
using Forecasting.Storage;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Web.Reports;

/// <summary>
/// What every notebook (<c>notebooks/*.cs</c>, run with <c>dotnet run notebooks/NAME.cs</c>) starts from: its
/// arguments (<c>--db STORE</c> to read an existing store, else a small generated platform it creates;
/// <c>--out FILE.html</c>; <c>--seed N</c> for the generated platform) and where it writes its page.
/// </summary>
public sealed class Notebook : IAsyncDisposable
{
    private readonly string? _scratch;

    private Notebook(string name, IForecastingStore store, string output, SampleFill? sample, string? scratch, string source)
    {
        Name = name;
        Store = store;
        Output = output;
        Sample = sample;
        Source = source;
        _scratch = scratch;
    }

    public string Name { get; }

    public IForecastingStore Store { get; }

    /// <summary>The HTML page written by <see cref="WriteAsync"/>.</summary>
    public string Output { get; }

    /// <summary>The generated platform and its runs when the notebook made its own store (null with <c>--db</c>).</summary>
    public SampleFill? Sample { get; }

    /// <summary>One line saying which data the page is about.</summary>
    public string Source { get; }

    /// <summary>The generated platform's size when no <c>--db</c> is given: small enough for a minute on two cores.</summary>
    public static GeneratorOptions DefaultPlatform(ulong seed) => new() { Skus = 120, Regions = 4, Days = 400, Seed = seed, TrendEndMarginDays = 1 };

    /// <summary>Reads the arguments and opens (or creates) the store; prints what it does. Null, with the reason printed
    /// to standard error, for an unknown argument, a missing value or a store that cannot be opened.</summary>
    public static async Task<Notebook?> OpenAsync(string name, string[] args, IForecaster? model = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        try
        {
            return await OpenOrThrowAsync(name, args, model, cancellationToken);
        }
        catch (Exception error) when (error is ArgumentException or IOException or InvalidOperationException)
        {
            Console.Error.WriteLine($"{name}: {error.Message}");
            return null;
        }
    }

    private static async Task<Notebook> OpenOrThrowAsync(string name, string[] args, IForecaster? model, CancellationToken cancellationToken)
    {
        string? db = null, output = null;
        ulong seed = 42;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--db": db = Value(); break;
                case "--out": output = Value(); break;
                case "--seed":
                    seed = ulong.TryParse(Value(), System.Globalization.CultureInfo.InvariantCulture, out ulong s) ? s : throw new ArgumentException("--seed needs a whole number");
                    break;
                default: throw new ArgumentException($"unknown argument '{args[i]}'; known: --db STORE, --out FILE.html, --seed N");
            }
        }

        output = Path.GetFullPath(output ?? name + ".html");
        if (db is not null)
        {
            Console.WriteLine($"{name}: reading {db}");
            return new Notebook(name, await StoreFactory.OpenExistingAsync(db, cancellationToken: cancellationToken), output, null, null, $"store {db}");
        }

        var options = DefaultPlatform(seed);
        string scratch = Directory.CreateTempSubdirectory("forecasting-notebook-").FullName;
        Console.WriteLine($"{name}: generating a platform of {options.Skus} SKUs x {options.Regions} regions x {options.Days} days (seed {seed}) into {scratch}");
        var store = await StoreFactory.OpenAsync(Path.Combine(scratch, "store.db"), cancellationToken: cancellationToken);
        var sample = await SampleStore.FillAsync(store, options, Path.Combine(scratch, "input"), model, cancellationToken);
        return new Notebook(name, store, output, sample, scratch, $"generated platform: {options.Skus} SKUs x {options.Regions} regions x {options.Days} days, seed {seed}");
    }

    /// <summary>Writes the page and prints its path.</summary>
    public async Task WriteAsync(string title, IReadOnlyList<ReportSection> sections, TimeProvider? clock = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Output)!);
        await using (var writer = new StreamWriter(Output))
        {
            HtmlReportWriter.Write(writer, new ReportDocument(title, Source, sections, (clock ?? TimeProvider.System).GetUtcNow()));
        }

        Console.WriteLine($"{Name}: wrote {Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (Store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        if (_scratch is not null)
        {
            try
            {
                Directory.Delete(_scratch, recursive: true);
            }
            catch (IOException)
            {
                // a pooled handle may outlive the store (Linux deletes open files anyway); the folder is in the temp directory
            }
        }
    }
}
