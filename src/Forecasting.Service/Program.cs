// The service host: the HTTP API and the scheduled jobs (ingest, train, plan, score) in one process.
// Configuration: appsettings.json, appsettings.{Environment}.json, config/forecasting.json, environment
// variables (Forecasting__Store...), then the command line (--Forecasting:Store=...); see docs/configuration.md.
using Forecasting.Service;

return await ServiceHost.RunAsync(args);
