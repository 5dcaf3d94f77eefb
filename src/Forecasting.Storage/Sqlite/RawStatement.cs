using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Forecasting.Storage.Sqlite;

/// <summary>
/// A prepared statement driven through SQLite's C API, for the bulk-load hot path: binding integers
/// directly skips ADO.NET's boxing and per-call bookkeeping (measured at about a quarter of the time per
/// row). Used only inside a transaction opened on the same connection.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public RawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
    }

    /// <param name="index">1-based parameter index, as in SQLite's C API.</param>
    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    public void Bind(int index, double? value) =>
        Check(value is { } v ? raw.sqlite3_bind_double(_statement, index, v) : raw.sqlite3_bind_null(_statement, index));

    public void Bind(int index, string value) => Check(raw.sqlite3_bind_text(_statement, index, value));

    /// <summary>Runs a data-changing statement and returns the rows it changed.</summary>
    public int Execute()
    {
        int rc = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW)
        {
            Check(rc);
        }

        return raw.sqlite3_changes(_db);
    }

    /// <summary>Steps a query: true with a row to read (<see cref="Int"/>), false when it is done (and reset).</summary>
    public bool Read()
    {
        int rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        raw.sqlite3_reset(_statement);
        if (rc != raw.SQLITE_DONE)
        {
            Check(rc);
        }

        return false;
    }

    /// <summary>A column of the current row, 0-based.</summary>
    public int Int(int column) => raw.sqlite3_column_int(_statement, column);

    /// <summary>Ends a query before its last row.</summary>
    public void Reset() => raw.sqlite3_reset(_statement);

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc);
        }
    }
}
