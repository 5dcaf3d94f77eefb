using System.Globalization;
using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace Forecasting.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file, one writer at a time (SQLite's own lock), any number of readers.
/// The storage interfaces are asynchronous for the PostgreSQL store's sake; this implementation completes
/// synchronously because SQLite calls never wait on a network.
/// </summary>
/// <remarks>Thread-safe: every call opens its own pooled connection.</remarks>
public sealed partial class SqliteStore : SqlStore, IForecastingStore
{
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _clock;
    private readonly RevisionCache<ProposalPageIndex> _proposalPages = new();

    public SqliteStore(SqliteDatabase database, TimeProvider? clock = null)
        : base(new SqliteSession(database ?? throw new ArgumentNullException(nameof(database)), clock ?? TimeProvider.System), InsertProposals)
    {
        _database = database;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Opens (creating if needed) the file at <paramref name="path"/> and applies pending migrations.</summary>
    public static SqliteStore Open(string path, TimeProvider? clock = null)
    {
        var database = new SqliteDatabase(path);
        database.Migrate(clock);
        return new SqliteStore(database, clock);
    }

    public SqliteDatabase Database => _database;

    private string Now() => _clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter(name, null));
        }

        return command;
    }

    private static object Db(object? value) => value ?? DBNull.Value;
}
