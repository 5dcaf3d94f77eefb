using BenchmarkDotNet.Running;

// dotnet run -c Release --project src/Forecasting.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
