using Autograd.Bench;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

if (args is ["--gc-report", .. var rest])
{
    int batch = rest.Length > 0 ? int.Parse(rest[0]) : 64;
    GcReport.Run(batch, warmupSteps: 3_000, steps: 20_000);
    return;
}

// The median is what BENCHMARKS.md reports: on a shared machine it is less disturbed by other processes than the mean.
var config = DefaultConfig.Instance.AddColumn(StatisticColumn.Median);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
