using System.Diagnostics;
using Npgsql;

namespace Forecasting.Cli.Tests;

/// <summary>
/// A PostgreSQL cluster of this test alone, started through deploy/postgres/test-cluster.sh like the shared one
/// (FORECASTING_TEST_POSTGRES), so that the test may crash it (<c>pg_ctl stop -m immediate</c>) and restart it
/// on the same port without disturbing the other tests. Commits are synchronous, as on a production server, so
/// that an acknowledged commit survives the crash. Removed on dispose.
/// </summary>
internal sealed class PrivateCluster : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "forecasting-outage-" + Guid.NewGuid().ToString("N"));

    public PrivateCluster()
    {
        AdminConnectionString = Script("start").Trim();
    }

    public string AdminConnectionString { get; }

    /// <summary>A new database on the cluster; its connection string (no pooling in the test's own connections:
    /// a pooled connection would outlive the crash broken).</summary>
    public string CreateDatabase(string name)
    {
        using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            admin.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            create.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ToString();
    }

    /// <summary>Stops the server at once, as a crash would: every session is cut, nothing is flushed politely.</summary>
    public void Crash() => Script("crash");

    /// <summary>Starts the crashed server again on the same port (after its crash recovery).</summary>
    public void Restart() => Script("restart");

    public static long Scalar(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string Text(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        Script("stop");
    }

    private string Script(string command)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // Synchronous commits: the shared test cluster runs with synchronous_commit=off, which by design loses the last
        // acknowledged commits in a crash (seen here: 10-20 forecast series of a "completed" run gone). fsync may stay
        // off: a crashed server, not a crashed machine, leaves the written WAL in the OS cache.
        start.Environment["FORECASTING_PG_SETTINGS"] = "-c synchronous_commit=on";
        start.ArgumentList.Add(Path.Combine(RepositoryRoot(), "deploy", "postgres", "test-cluster.sh"));
        start.ArgumentList.Add(command);
        start.ArgumentList.Add(_folder);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"test-cluster.sh {command} failed ({process.ExitCode}): {error.Result}");
        }

        return output;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "deploy", "postgres", "test-cluster.sh")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("deploy/postgres/test-cluster.sh not found above " + AppContext.BaseDirectory);
    }
}
