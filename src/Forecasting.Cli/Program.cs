using Forecasting.Cli;

return await CliApp.RunAsync(args);
