using Pilot.Bench;

// Benchmarks print their numbers side by side from one run; see README "Benchmarks".
return await BenchCommandLine.InvokeAsync(args);
