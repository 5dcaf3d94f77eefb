using System.Diagnostics;

namespace Forecasting.Cli.Tests.Deploy;

/// <summary>A free loopback address for a <c>serve</c> process, and the wait until it answers.</summary>
internal static class ServiceAddress
{
    public static Uri Free() => new($"http://127.0.0.1:{FreePort.Next()}");

    /// <summary>Waits until the process answers <c>/health/live</c> (60 s at most).</summary>
    public static async Task WaitAsync(Process process, Uri address)
    {
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60) && !process.HasExited)
        {
            try
            {
                if ((await client.GetAsync("/health/live")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"the service did not answer on {address}: {CliProcess.OutputOf(process)}");
    }
}
