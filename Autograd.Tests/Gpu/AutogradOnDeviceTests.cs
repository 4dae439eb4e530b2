namespace Autograd.Tests.Gpu;

/// <summary>End-to-end: graphs built from Core ops run forward and backward on the device exactly as on the CPU.</summary>
[TestFixtureSource(typeof(DeviceTest), nameof(Targets))]
public class AutogradOnDeviceTests(string device) : DeviceTest(device)
{
    /// <summary>
    /// A two-layer perceptron written with broadcasting products and sums (x·Wᵀ = Σd x[n,1,d]·W[1,h,d]) and a
    /// logistic activation, so every elementwise, reduction and broadcast-gradient path runs.
    /// </summary>
    private static Tensor Mlp(Tensor x, Tensor w1, Tensor b1, Tensor w2)
    {
        var h = (x.Reshape(4, 1, 5) * w1.Reshape(1, 3, 5)).Sum(2) + b1;
        var a = 1 / (1 + (-h).Exp());
        var y = (a.Reshape(4, 1, 3) * w2.Reshape(1, 2, 3)).Sum(2);
        return (y * y).Sum() / 8;
    }

    [TestCase(DType.Float32)]
    [TestCase(DType.Float64)]
    public void MlpGradientsOnTheDeviceEqualTheCpus(DType dtype)
    {
        var cpu = new[] { Randn(50, 4, 5), Randn(51, 3, 5), Randn(52, 3), Randn(53, 2, 3) }.Select(t => t.To(dtype).RequiresGrad_()).ToArray();
        var gpu = cpu.Select(t => t.Detach().To(Gpu).RequiresGrad_()).ToArray();

        var lossCpu = Mlp(cpu[0], cpu[1], cpu[2], cpu[3]);
        var lossGpu = Mlp(gpu[0], gpu[1], gpu[2], gpu[3]);
        lossCpu.Backward();
        lossGpu.Backward();

        double tolerance = dtype == DType.Float32 ? 1e-5 : 1e-12;
        // The logistic activation's exp is the transcendental that CUDA approximates.
        AssertClose([lossGpu.Item()], [lossCpu.Item()], Tolerance(tolerance, dtype, transcendental: true));
        for (int i = 0; i < cpu.Length; i++)
        {
            Assert.That(gpu[i].Grad!.Device, Is.SameAs(Gpu));
            AssertClose(gpu[i].Grad!.ToDoubleArray(), cpu[i].Grad!.ToDoubleArray(), Tolerance(tolerance, dtype, transcendental: true));
        }
    }

    [Test]
    public void MatMulReluCrossEntropyTrainingStepMatchesTheCpu()
    {
        var cpu = new[] { Randn(60, 6, 8), Randn(61, 8, 5), Randn(62, 5), Randn(63, 5, 3) }.Select(t => t.To(DType.Float32).RequiresGrad_()).ToArray();
        var gpu = cpu.Select(t => t.Detach().To(Gpu).RequiresGrad_()).ToArray();
        var labels = Tensor.From(new[] { 0, 2, 1, 1, 0, 2 }, 6, 1);

        static Tensor Loss(Tensor[] p, Tensor labels) =>
            -(p[0].MatMul(p[1]) + p[2]).Relu().MatMul(p[3]).LogSoftmax(1).Gather(1, labels).Mean();

        var lossCpu = Loss(cpu, labels);
        var lossGpu = Loss(gpu, labels.To(Gpu));
        lossCpu.Backward();
        lossGpu.Backward();
        double tolerance = Tolerance(1e-5, DType.Float32, transcendental: true);
        AssertClose([lossGpu.Item()], [lossCpu.Item()], tolerance);
        for (int i = 0; i < cpu.Length; i++) AssertClose(gpu[i].Grad!.ToDoubleArray(), cpu[i].Grad!.ToDoubleArray(), tolerance);
    }

    [Test]
    public void GradientFlowsBackAcrossTheDeviceTransfer()
    {
        var x = Randn(54, 3, 4).RequiresGrad_();
        var onDevice = x.To(Gpu);
        (onDevice * onDevice).Sum().Backward();
        Assert.That(x.Grad!.Device, Is.SameAs(CpuDevice.Instance));
        AssertClose(x.Grad!.ToDoubleArray(), (x.Detach() * 2).ToDoubleArray(), 1e-12);
    }

    [Test]
    public void DeviceGradientPassesGradCheckInFloat64()
    {
        // GradCheck perturbs inputs through Upload, so the whole finite-difference loop runs on the device.
        var a = Randn(55, 2, 3).To(Gpu).RequiresGrad_();
        var b = Randn(56, 3).To(Gpu).RequiresGrad_();
        Autodiff.GradCheck(x => (x[0] * x[1] + x[0] / (x[1] * x[1] + 1)).Exp().Sum(1), [a, b]);
    }

    [Test]
    public void MixingDevicesIsAnErrorNotASilentCopy()
    {
        var onDevice = Randn(57, 2).To(Gpu);
        var ex = Assert.Throws<InvalidOperationException>(() => _ = onDevice + Randn(58, 2));
        Assert.That(ex!.Message, Does.Contain(Gpu.Name).And.Contain("cpu"));
    }
}
