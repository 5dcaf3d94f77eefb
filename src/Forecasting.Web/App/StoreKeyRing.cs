using System.Xml.Linq;
using Forecasting.Storage.Abstractions;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Forecasting.Web.App;

/// <summary>
/// The data-protection key ring kept in the service's store, so every node of a cluster signs and reads the same
/// sign-in cookies and anti-forgery tokens (a node behind a load balancer accepts what another issued, and a restart
/// signs no one out). ASP.NET Core asks for keys rarely (start-up, then when its cached ring expires) and through a
/// synchronous interface, hence the blocking calls. Keys are stored as ASP.NET Core writes them, unencrypted: whoever
/// can read the store can forge a cookie, as whoever holds the database password can change the data.
/// </summary>
public sealed class StoreKeyRing(IAccessStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        [.. store.ReadKeyRingAsync().GetAwaiter().GetResult().Select(entry => XElement.Parse(entry.Xml))];

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        string name = string.IsNullOrWhiteSpace(friendlyName) ? Guid.NewGuid().ToString("N") : friendlyName;
        store.SaveKeyRingEntryAsync(new KeyRingEntry(name, element.ToString(SaveOptions.DisableFormatting))).GetAwaiter().GetResult();
    }
}
