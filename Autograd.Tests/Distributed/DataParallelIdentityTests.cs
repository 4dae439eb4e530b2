using Autograd.Nn.Distributed;
using Autograd.Tests.MpiWorker;

namespace Autograd.Tests.Distributed;

/// <summary>
/// The identity of issue 7 inside one process: one device accumulating 4 micro-batches, 4 devices, and R thread ranks
/// × K accumulation steps all end 5 optimizer steps with the same parameters (Float64, no dropout).
/// </summary>
public class DataParallelIdentityTests
{
    private const double Tolerance = 1e-10;

    [TestCase("sgd")]
    [TestCase("adam")]
    public void FourDevicesEqualOneDeviceAccumulatingFourMicroBatches(string optimizer)
    {
        var reference = IdentityScenario.OneDevice(optimizer);
        var devices = Enumerable.Range(0, 4).Select(i => (Device)CpuDevice.Create(i)).ToArray();

        var parallel = IdentityScenario.DataParallel(optimizer, devices);

        AssertClose(parallel, reference);
    }

    [Test]
    public void ACpuAndTheGpuEmulatorEqualOneDeviceAccumulatingFourMicroBatches()
    {
        var reference = IdentityScenario.OneDevice("adam");
        Device[] devices = [CpuDevice.Instance, Autograd.Gpu.Devices.Get("ilgpu-cpu"), CpuDevice.Create(2), CpuDevice.Create(3)];

        var parallel = IdentityScenario.DataParallel("adam", devices);

        AssertClose(parallel, reference);
    }

    [TestCase("sgd", 4, 1)]
    [TestCase("adam", 4, 1)]
    [TestCase("sgd", 2, 2)]
    [TestCase("adam", 2, 2)]
    public void ThreadRanksEqualOneDeviceAccumulatingFourMicroBatches(string optimizer, int ranks, int gradAccuSteps)
    {
        var reference = IdentityScenario.OneDevice(optimizer);

        var perRank = RunRanks(ranks, group => IdentityScenario.Distributed(optimizer, group, gradAccuSteps));

        foreach (var parameters in perRank) AssertClose(parameters, reference);
        for (int r = 1; r < ranks; r++) Assert.That(perRank[r], Is.EqualTo(perRank[0]), $"rank {r} drifted from rank 0");
    }

    [Test]
    public void TheIdentityIsNotVacuous()
    {
        var sgd = IdentityScenario.OneDevice("sgd");
        using var initial = IdentityScenario.BuildModel().Parameters().First();

        Assert.That(sgd.Take(initial.Numel).Zip(initial.ToDoubleArray()).Max(p => Math.Abs(p.First - p.Second)), Is.GreaterThan(1e-3),
            "training must move the parameters, or equal results would prove nothing");
    }

    internal static double[][] RunRanks(int ranks, Func<IProcessGroup, double[]> body)
    {
        var groups = InProcessGroup.Create(ranks, TimeSpan.FromSeconds(20));
        var results = new double[ranks][];
        var threads = Enumerable.Range(0, ranks)
            .Select(r => Task.Factory.StartNew(() => groups[r].RunOrAbort(() => results[r] = body(groups[r])), TaskCreationOptions.LongRunning))
            .ToArray();
        Task.WaitAll(threads);
        return results;
    }

    private static void AssertClose(double[] actual, double[] expected)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length));
        double worst = actual.Zip(expected).Max(p => Math.Abs(p.First - p.Second));
        Assert.That(worst, Is.LessThanOrEqualTo(Tolerance), $"largest parameter difference {worst:G3}");
    }
}
