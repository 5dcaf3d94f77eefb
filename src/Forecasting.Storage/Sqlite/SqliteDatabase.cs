using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Forecasting.Storage.Sqlite;

/// <summary>
/// Opens connections to the embedded SQLite file and brings its schema up to date. WAL journaling lets
/// readers (the web API) run while a load writes; synchronous=NORMAL is durable across process crashes
/// and loses at most the last transactions on power loss, the usual trade-off for WAL.
/// </summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;

    public SqliteDatabase(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string Path { get; }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout=30000; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>
    /// Applies the migrations not yet recorded, each in its own transaction. Safe to run twice and safe
    /// when two processes start at once: BEGIN IMMEDIATE serialises them and the second sees the first's rows.
    /// </summary>
    /// <returns>Versions applied by this call.</returns>
    public IReadOnlyList<int> Migrate(TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        using var connection = Open();
        Execute(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
        var applied = new List<int>();
        foreach (var (version, name, sql) in SqliteMigrations.All)
        {
            Execute(connection, "BEGIN IMMEDIATE");
            try
            {
                using var check = connection.CreateCommand();
                check.CommandText = "SELECT COUNT(*) FROM schema_migrations WHERE version = $v";
                check.Parameters.AddWithValue("$v", version);
                if (Convert.ToInt64(check.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
                {
                    Execute(connection, sql);
                    using var record = connection.CreateCommand();
                    record.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($v, $n, $t)";
                    record.Parameters.AddWithValue("$v", version);
                    record.Parameters.AddWithValue("$n", name);
                    record.Parameters.AddWithValue("$t", clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
                    record.ExecuteNonQuery();
                    applied.Add(version);
                }

                Execute(connection, "COMMIT");
            }
            catch
            {
                Execute(connection, "ROLLBACK");
                throw;
            }
        }

        return applied;
    }

    /// <summary>Versions recorded in schema_migrations, ascending.</summary>
    public IReadOnlyList<int> AppliedVersions()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_migrations ORDER BY version";
        using var reader = command.ExecuteReader();
        var versions = new List<int>();
        while (reader.Read())
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    internal static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
