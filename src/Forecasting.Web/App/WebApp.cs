using Forecasting.Web.Api;
using Forecasting.Web.App.Components;
using Microsoft.AspNetCore.Authorization;
using Forecasting.Storage.Abstractions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Forecasting.Web.App;

/// <summary>
/// The web app for planners and ops under <c>/app</c>: Razor components rendered on the server (static SSR, no
/// interactivity), signed in with an API key exchanged for a cookie, every action a plain form post with an
/// anti-forgery token. It sits beside the API on the same host and leaves it as it was. Cookies and tokens are
/// protected with the key ring kept in the store (<see cref="StoreKeyRing"/>), shared by every node.
/// </summary>
public static class WebApp
{
    /// <summary>Adds the app; call after <c>AddForecastingApi</c> (it reuses the store, the policies' roles and the clock).</summary>
    public static WebApplicationBuilder AddForecastingWebApp(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddRazorComponents();
        builder.Services.AddAntiforgery();
        builder.Services.AddDataProtection().SetApplicationName("forecasting");
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IForecastingStore>((options, store) => options.XmlRepository = new StoreKeyRing(store));
        builder.Services.AddAuthentication().AddCookie(AppCookie.Scheme, AppCookie.Configure);
        builder.Services.Configure<AuthorizationOptions>(AppPolicies.Add);
        builder.Services.TryAddSingleton<ProblemAuthorizationResultHandler>();
        builder.Services.Replace(ServiceDescriptor.Singleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, AppAuthorizationResultHandler>());
        return builder;
    }

    /// <summary>Maps the app's pages and form endpoints; call after <c>MapForecastingApi</c> (which adds authentication).</summary>
    public static void MapForecastingWebApp(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAntiforgery();
        app.MapGet("/", () => Results.Redirect("/app")).ExcludeFromDescription();
        app.MapAppEndpoints();
        app.MapRazorComponents<AppRoot>();
    }
}
