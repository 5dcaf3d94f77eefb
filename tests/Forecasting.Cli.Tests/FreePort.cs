using System.Net;
using System.Net.Sockets;

namespace Forecasting.Cli.Tests;

/// <summary>A loopback port nothing listens on (bound, then released): for a <c>serve</c> node, the in-test OTLP
/// receiver, or a database address that must refuse connections.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
