using Npgsql;

namespace Forecasting.Storage.Postgres;

/// <summary>Which PostgreSQL failures pass by themselves, so that the unit of work is worth retrying.</summary>
public static class PostgresFaults
{
    /// <summary>
    /// Npgsql's own judgement (<see cref="NpgsqlException.IsTransient"/>: connection refused, broken or timed out;
    /// serialization failure, deadlock, too many connections, the server starting up...) plus the sessions a
    /// server ends when it is shut down or restarted (admin and crash shutdown), which Npgsql counts as permanent
    /// but which a restart or failover (pg_ctl stop -m immediate) ends every open session with.
    /// </summary>
    public static bool IsTransient(Exception error) => error switch
    {
        PostgresException pg => pg.IsTransient || pg.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow,
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => false,
    };
}
