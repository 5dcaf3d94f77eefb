using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Postgres;
using Forecasting.Storage.Resilience;
using Forecasting.Storage.Sqlite;

namespace Forecasting.Storage;

/// <summary>
/// Opens the store a target names: an Npgsql connection string (it contains <c>Host=</c>) or a
/// <c>postgres://</c>/<c>postgresql://</c> URL means PostgreSQL, anything else is a SQLite file path.
/// Pending migrations are applied either way.
/// </summary>
public static class StoreFactory
{
    public static bool IsPostgres(string target) =>
        target.Contains("Host=", StringComparison.OrdinalIgnoreCase)
        || target.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || target.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    public static Task<IForecastingStore> OpenAsync(string target, TimeProvider? clock = null, CancellationToken cancellationToken = default) =>
        OpenAsync(target, new ResilienceOptions(), clock, cancellationToken);

    /// <param name="resilience">PostgreSQL: how long each operation rides out an outage (SQLite never waits on a network).</param>
    public static async Task<IForecastingStore> OpenAsync(string target, ResilienceOptions resilience, TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        ArgumentNullException.ThrowIfNull(resilience);
        return IsPostgres(target)
            ? await PostgresStore.OpenAsync(ToConnectionString(target), resilience, clock, cancellationToken)
            : SqliteStore.Open(target, clock);
    }

    /// <summary>
    /// Opens a store that must already exist, for commands that only read: a SQLite path with no file behind it
    /// is an error naming the path, and nothing is created (<see cref="OpenAsync"/> would create an empty store).
    /// </summary>
    /// <exception cref="FileNotFoundException">The target is a SQLite path and no file is there.</exception>
    public static Task<IForecastingStore> OpenExistingAsync(string target, TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        if (!IsPostgres(target) && !File.Exists(target))
        {
            throw new FileNotFoundException($"{Path.GetFullPath(target)}: no such store (a command that only reads does not create one; give --db or load data with `forecasting ingest` first).", target);
        }

        return OpenAsync(target, clock, cancellationToken);
    }

    /// <summary>postgres://user:password@host:port/database becomes an Npgsql keyword string; other strings pass through.</summary>
    public static string ToConnectionString(string target)
    {
        if (!target.Contains("://", StringComparison.Ordinal))
        {
            return target;
        }

        var uri = new Uri(target);
        var builder = new Npgsql.NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = uri.AbsolutePath.Trim('/') is { Length: > 0 } name ? Uri.UnescapeDataString(name) : "postgres",
        };
        var user = uri.UserInfo.Split(':', 2);
        if (user[0].Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(user[0]);
        }

        if (user.Length > 1)
        {
            builder.Password = Uri.UnescapeDataString(user[1]);
        }

        return builder.ToString();
    }
}
