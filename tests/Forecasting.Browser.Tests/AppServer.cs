using Forecasting.Core.Forecasting;
using Forecasting.Core.Synthetic;
using Forecasting.Pipeline.Evaluation;
using Forecasting.Storage;
using Forecasting.Storage.Abstractions;
using Forecasting.Web.Api;
using Forecasting.Web.App;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Forecasting.Browser.Tests;

/// <summary>
/// The service's API and web app on a real Kestrel on loopback, over a SQLite store filled by the real path: a small
/// synthetic platform (trends still under way on the last day, for the designers' emerging items) written as files, ingested, forecast (a snapshot 28 days back and the production run), planned
/// and scored; one job run recorded as the job runner records it; a key per person. Also one headless Debian Chromium.
/// </summary>
public sealed class AppServer : IAsyncLifetime
{
    private WebApplication? _app;
    private WebApplication? _second;
    private string _folder = "";

    public IForecastingStore Store { get; private set; } = null!;

    public Uri Address { get; private set; } = null!;

    /// <summary>A second node over the same store (what a load balancer would send the next request to).</summary>
    public Uri SecondNode { get; private set; } = null!;

    /// <summary>Key per person: planner, planner2, designer, ops.</summary>
    public Dictionary<string, string> Keys { get; } = [];

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where every page's screenshot is kept (test output folder, artifacts/screenshots).</summary>
    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        _folder = Directory.CreateTempSubdirectory("forecasting-browser-test-").FullName;
        Store = await StoreFactory.OpenAsync(Path.Combine(_folder, "store.db"));
        await FillAsync(Store, Path.Combine(_folder, "input"));
        foreach (var (person, role) in new[] { ("planner", Roles.Planner), ("planner2", Roles.Planner), ("designer", Roles.Designer), ("ops", Roles.Ops) })
        {
            Keys[person] = (await ApiKeys.CreateAsync(Store, person + " key", role, "test", person == "planner2" ? "Bea Planner" : person == "planner" ? "Ann Planner" : null)).Key;
        }

        (_app, Address) = await StartNodeAsync();
        (_second, SecondNode) = await StartNodeAsync();
        using (var warm = new HttpClient { BaseAddress = Address })
        {
            (await warm.GetAsync("/app/sign-in")).EnsureSuccessStatusCode(); // the first render compiles and JITs the pages
        }

        Directory.CreateDirectory(Screenshots);
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A new browser context (its own cookies) signed in as <paramref name="person"/>, at 1280 px wide.</summary>
    public async Task<IPage> SignInAsync(string person, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Address.ToString(), ViewportSize = new ViewportSize { Width = width, Height = height }, AcceptDownloads = true });
        context.SetDefaultTimeout(60_000); // two cores shared with other builds: the first renders can be slow
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/app");
        await page.FillAsync("input[name=key]", Keys[person]);
        await page.ClickAsync("button[type=submit]");
        try
        {
            // The sign-in answers with a redirect to /app. Wait for what only a signed-in page draws (the sign-out form), polled
            // in the DOM, not for navigation events, which a redirect chain on a loaded machine was seen to miss while the
            // page was already shown; then check where it landed.
            await page.WaitForSelectorAsync("form.who");
            if (!new Uri(page.Url).AbsolutePath.Equals("/app", StringComparison.Ordinal))
            {
                throw new TimeoutException($"signed in but landed on {page.Url}");
            }
        }
        catch (TimeoutException error)
        {
            await ShotAsync(page, "sign-in-failed-" + person);
            throw new TimeoutException($"{person} did not reach /app after signing in; the page is {page.Url}: {await page.InnerTextAsync("body")}", error);
        }

        return page;
    }

    /// <summary>A node of the service (API and web app) over the fixture's store, on a free loopback port.</summary>
    private async Task<(WebApplication App, Uri Address)> StartNodeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = _folder });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.AddForecastingApi(Store);
        builder.AddForecastingWebApp();
        var app = builder.Build();
        app.MapForecastingApi();
        app.MapForecastingWebApp();
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!;
        return (app, new Uri(addresses.Addresses.First()));
    }

    public static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    private static async Task FillAsync(IForecastingStore store, string input)
    {
        var fill = await SampleStore.FillAsync(store, new GeneratorOptions { Skus = 40, Regions = 4, Days = 200, TrendingShare = 0.3, TrendEndMarginDays = 1 }, input, new SeasonalNaiveForecaster());
        long job = await store.StartJobAsync("plan", null, null, null, "test-node", false);
        await store.FinishJobAsync(job, "completed", fill.Plan.Proposals.Count, null);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        Playwright?.Dispose();
        foreach (var app in new[] { _app, _second })
        {
            if (app is not null)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }

        if (Store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // a pooled handle may outlive the test
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppServer>
{
    public const string Name = "web app";
}
