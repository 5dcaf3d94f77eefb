using Forecasting.Storage.Postgres;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Forecasting.Storage;

/// <summary>Which failures mean "the store is not answering" (so a caller should come back later: HTTP 503), as
/// opposed to a bug or bad data. One place for both stores.</summary>
public static class StoreFailures
{
    // SQLite result codes (sqlite3.h): the file is busy or locked past the busy timeout, cannot be opened, or I/O failed.
    private const int SqliteBusy = 5, SqliteLocked = 6, SqliteIoError = 10, SqliteCantOpen = 14;

    /// <summary>True when <paramref name="error"/> (or an exception inside it) says the store could not be reached or used
    /// for now: PostgreSQL down, unreachable, shutting down or out of connections; a SQLite file that cannot be opened or stays locked.</summary>
    public static bool IsUnavailable(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case StoreException { SqlState: null }:
                    return true;
                case StoreException { SqlState: { } state } when Unavailable(state):
                    return true;
                case PostgresException pg:
                    return Unavailable(pg.SqlState);
                case NpgsqlException:
                    return true; // not a server error: the connection itself failed
                case SqliteException sqlite when sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked or SqliteIoError or SqliteCantOpen:
                    return true;
            }
        }

        return false;
    }

    // Connection exceptions (08), operator intervention such as a shutdown (57P), insufficient resources (53).
    private static bool Unavailable(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal) || sqlState.StartsWith("57P", StringComparison.Ordinal) || sqlState.StartsWith("53", StringComparison.Ordinal);
}
