using System.Diagnostics;

namespace Autograd.Bench;

/// <summary>
/// What the training step's remaining allocations cost: runs <see cref="MlpBenchmarks.TrainingStep"/> in a loop and
/// reports the tensor buffers a step takes from the device (and how many of them were new memory rather than reused),
/// the managed bytes a step allocates, the garbage collections they cause and the share of the wall time the runtime
/// spent paused in them. BenchmarkDotNet's memory diagnoser gives the bytes but not the rest.
/// </summary>
internal static class GcReport
{
    public static void Run(int batch, int warmupSteps, int steps)
    {
        var bench = new MlpBenchmarks { Batch = batch };
        bench.Setup();
        for (int i = 0; i < warmupSteps; i++) bench.TrainingStep();

        GC.Collect();
        GC.WaitForPendingFinalizers();
        int[] collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var paused = GC.GetTotalPauseDuration();
        var device = CpuDevice.Instance;
        long buffers = device.Allocations, fresh = device.FreshAllocations;
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < steps; i++) bench.TrainingStep();
        clock.Stop();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        paused = GC.GetTotalPauseDuration() - paused;
        buffers = device.Allocations - buffers;
        fresh = device.FreshAllocations - fresh;

        Console.WriteLine($"MLP 784-256-128-10 training step, batch {batch}: {steps} steps after {warmupSteps} warm-up steps");
        Console.WriteLine($"  time per step       {clock.Elapsed.TotalMicroseconds / steps:F1} µs");
        Console.WriteLine($"  buffers per step    {(double)buffers / steps:F1} taken from the device, {(double)fresh / steps:F4} of them new memory");
        Console.WriteLine($"  allocated per step  {(double)allocated / steps:F0} B (all threads)");
        Console.WriteLine($"  collections         gen0 {GC.CollectionCount(0) - collections[0]}, gen1 {GC.CollectionCount(1) - collections[1]}, gen2 {GC.CollectionCount(2) - collections[2]}");
        Console.WriteLine($"  paused in GC        {paused.TotalMilliseconds:F1} ms of {clock.Elapsed.TotalMilliseconds:F0} ms ({100 * paused / clock.Elapsed:F2} %)");
    }
}
