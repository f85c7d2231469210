using BenchmarkDotNet.Running;

// `dotnet run -c Release -- --filter '*'` (or `deploy/crm bench`, which adds `--job short`).
BenchmarkSwitcher.FromAssembly(typeof(Crm.Benchmarks.CustomerDeciderBenchmarks).Assembly).Run(args);
