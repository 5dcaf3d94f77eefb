using System.CommandLine;
using Forecasting.Storage;

namespace Forecasting.Cli.Commands;

/// <summary>Options shared by several commands.</summary>
internal static class CommonOptions
{
    /// <summary>The environment variable that overrides the default store file.</summary>
    public const string DatabaseVariable = "FORECASTING_DB";

    public static Option<string> Database() => new("--db")
    {
        Description = $"store: a SQLite file, or PostgreSQL as an Npgsql connection string (Host=...) or postgres:// URL (default: ${DatabaseVariable} or {StoreOptions.DefaultSqlitePath})",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(DatabaseVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : StoreOptions.DefaultSqlitePath,
    };
}
