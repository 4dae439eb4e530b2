namespace Autograd.Tests.Gpu;

[TestFixtureSource(typeof(DeviceTest), nameof(Targets))]
public class RandomTests(string device) : DeviceTest(device)
{
    [Test]
    public void TheSameSeedGivesTheCpuSequenceOnTheDevice()
    {
        var onCpu = Tensor.Randn([5, 40], new Generator(99), DType.Float64).ToArray<double>();
        var onDevice = Tensor.Randn([5, 40], new Generator(99), DType.Float64, Gpu).ToArray<double>();
        AssertClose(onDevice, onCpu, Tolerance(1e-12, DType.Float64, transcendental: true));

        var uniformCpu = Tensor.Uniform([200], -2, 3, new Generator(5)).ToArray<float>();
        var uniformDevice = Tensor.Uniform([200], -2, 3, new Generator(5), device: Gpu).ToArray<float>();
        Assert.That(uniformDevice, Is.EqualTo(uniformCpu));

        var intsCpu = Tensor.RandInt(-3, 17, [200], new Generator(6)).ToArray<int>();
        var intsDevice = Tensor.RandInt(-3, 17, [200], new Generator(6), Gpu).ToArray<int>();
        Assert.That(intsDevice, Is.EqualTo(intsCpu));
    }

    [Test]
    public void ConsecutiveDrawsContinueTheStreamAsOnTheCpu()
    {
        var cpu = new Generator(11);
        var gpu = new Generator(11);
        Tensor.Rand([30], cpu);
        Tensor.Rand([30], gpu, device: Gpu);
        Assert.That(Tensor.Rand([30], gpu, device: Gpu).ToArray<float>(), Is.EqualTo(Tensor.Rand([30], cpu).ToArray<float>()));
    }
}
