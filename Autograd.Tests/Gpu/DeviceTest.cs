using Autograd.Gpu;

namespace Autograd.Tests.Gpu;

/// <summary>
/// Base of the device-parity tests: runs each fixture once per device of <see cref="Targets"/> (the emulator always,
/// CUDA when the machine has a GPU, otherwise ignored in the "Cuda" category) or of <see cref="EveryDevice"/> (those
/// plus a peer CPU device). An out-of-range access the emulator reports fails the test through
/// <see cref="FailOnTraceAssertionsAttribute"/>, as in every other test.
/// </summary>
public abstract class DeviceTest(string deviceName)
{
    /// <summary>The device under test (a GPU, the emulator, or the peer CPU device).</summary>
    protected Device Gpu { get; private set; } = CpuDevice.Instance;

    /// <summary>The name under which fixtures run on <see cref="PeerCpu"/>.</summary>
    public const string PeerCpuName = "cpu:1";

    /// <summary>A second CPU device with its own memory: a peer of the CPU that is not the CPU instance itself.</summary>
    private static readonly Lazy<CpuDevice> PeerCpu = new(() => CpuDevice.Create(1));

    /// <summary>Fixture arguments: the emulator, and CUDA in its own category.</summary>
    public static IEnumerable<TestFixtureData> Targets()
    {
        yield return new TestFixtureData("ilgpu-cpu");
        var cuda = new TestFixtureData("cuda:0");
        cuda.Properties.Add(NUnit.Framework.Internal.PropertyNames.Category, "Cuda");
        yield return cuda;
    }

    /// <summary>Fixture arguments for the conformance suite: a peer CPU device first, then <see cref="Targets"/>.</summary>
    public static IEnumerable<TestFixtureData> EveryDevice() => Targets().Prepend(new TestFixtureData(PeerCpuName));

    [OneTimeSetUp]
    public void OpenDevice()
    {
        if (deviceName.StartsWith("cuda", StringComparison.Ordinal) && !Devices.Available.Contains(deviceName))
            Assert.Ignore($"No CUDA GPU on this machine, so the {deviceName} tests did not run (devices here: {string.Join(", ", Devices.Available)}).");
        Gpu = deviceName == PeerCpuName ? PeerCpu.Value : Devices.Get(deviceName);
    }

    /// <summary>
    /// The tolerance for comparing a result of <paramref name="dtype"/> with the CPU's on this device. CUDA evaluates
    /// Float32 transcendentals (exp, log, tanh, pow...) with fast approximations that differ from the CPU's by up to
    /// about 5e-4 relative, and its Float64 ones may differ in the last few bits; everywhere else (exact results,
    /// arithmetic, every other device) <paramref name="tolerance"/> stands as given.
    /// </summary>
    protected double Tolerance(double tolerance, DType dtype, bool transcendental)
    {
        if (!transcendental || !Gpu.Name.StartsWith("cuda", StringComparison.Ordinal)) return tolerance;
        return Math.Max(tolerance, dtype == DType.Float32 ? 5e-4 : 1e-12);
    }

    /// <summary>
    /// Runs <paramref name="run"/> on the CPU inputs and on copies moved to the device under test, and checks that
    /// the results agree elementwise (NaN matches NaN) within <paramref name="tolerance"/>, relative to max(1, |expected|)
    /// (widened on CUDA when <paramref name="transcendental"/>, see <see cref="Tolerance"/>).
    /// </summary>
    protected void AssertSameAsCpu(Tensor[] inputs, Func<Tensor[], Tensor> run, double tolerance = 1e-6, bool transcendental = false)
    {
        var moved = inputs.Select(t => t.To(Gpu)).ToArray();
        var expected = run(inputs);
        var actual = run(moved);
        Assert.That(actual.Device, Is.SameAs(Gpu));
        Assert.That(actual.Shape, Is.EqualTo(expected.Shape));
        Assert.That(actual.DType, Is.EqualTo(expected.DType));
        AssertClose(actual.ToDoubleArray(), expected.ToDoubleArray(), Tolerance(tolerance, expected.DType, transcendental));
    }

    /// <summary><see cref="AssertSameAsCpu(Tensor[], Func{Tensor[], Tensor}, double, bool)"/> for one input.</summary>
    protected void AssertSameAsCpu(Tensor input, Func<Tensor, Tensor> run, double tolerance = 1e-6, bool transcendental = false) =>
        AssertSameAsCpu([input], x => run(x[0]), tolerance, transcendental);

    protected static void AssertClose(double[] actual, double[] expected, double tolerance)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length));
        for (int i = 0; i < expected.Length; i++)
        {
            if (double.IsNaN(expected[i]) || double.IsInfinity(expected[i]))
            {
                Assert.That(actual[i], Is.EqualTo(expected[i]), $"element {i}");
                continue;
            }
            Assert.That(actual[i], Is.EqualTo(expected[i]).Within(tolerance * Math.Max(1, Math.Abs(expected[i]))), $"element {i}");
        }
    }

    /// <summary>Float64 normal samples of the given shape, on the CPU.</summary>
    protected static Tensor Randn(int seed, params int[] shape) => Tensor.Randn(shape, new Generator((ulong)seed), DType.Float64);

    /// <summary>An uninitialised tensor like the ones primitives write into.</summary>
    protected static Tensor Empty(Device device, DType dtype, params int[] shape) => Tensor.Empty(shape, dtype, device);
}
