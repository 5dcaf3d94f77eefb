namespace Forecasting.Service;

/// <summary><c>forecasting-service --probe URL</c>: exits 0 when the URL answers 200 within 5 seconds, else 1.
/// What a container's HEALTHCHECK runs: chiseled and distroless images have no shell, curl or wget.</summary>
public static class HealthProbe
{
    public static async Task<int> RunAsync(Uri url)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync(url);
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"{url}: {error.Message}");
            return 1;
        }
    }
}
