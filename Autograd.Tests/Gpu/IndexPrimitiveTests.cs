namespace Autograd.Tests.Gpu;

[TestFixtureSource(typeof(DeviceTest), nameof(Targets))]
public class IndexPrimitiveTests(string device) : DeviceTest(device)
{
    private static Tensor Index() => Tensor.From(new[] { 2, 0, 2, 3 });

    [TestCase(DType.Float32)]
    [TestCase(DType.Int32)]
    [TestCase(DType.Bool)]
    public void IndexSelectCopiesTheChosenSlices(DType dtype)
    {
        AssertSameAsCpu([(Randn(40, 3, 4, 5) * 3).To(dtype), Index()], x =>
        {
            var y = Empty(x[0].Device, dtype, 3, 4, 5);
            x[0].Device.IndexSelect(x[0].Buffer, 1, x[1].Buffer, y.Buffer);
            return y;
        });
    }

    [TestCase(DType.Float64)]
    [TestCase(DType.Int32)]
    [TestCase(DType.Bool)]
    public void IndexAddSumsRepeatedIndices(DType dtype)
    {
        AssertSameAsCpu([(Randn(41, 3, 4, 5) * 3).To(dtype), Index()], x =>
        {
            var y = Tensor.Zeros([3, 6, 5], dtype, x[0].Device);
            x[0].Device.IndexAdd(y.Buffer, 1, x[1].Buffer, x[0].Buffer);
            return y;
        }, 1e-12);
    }

    private static Tensor GatherIndex() => Tensor.From(new[] { 0, 3, 3, 1, 2, 2, 0, 0, 1, 3, 1, 1 }, 2, 2, 3);

    [TestCase(DType.Float32)]
    [TestCase(DType.Int32)]
    public void GatherReadsAlongTheDimension(DType dtype)
    {
        AssertSameAsCpu([(Randn(42, 2, 4, 3) * 3).To(dtype), GatherIndex()], x =>
        {
            var y = Empty(x[0].Device, dtype, 2, 2, 3);
            x[0].Device.Gather(x[0].Buffer, 1, x[1].Buffer, y.Buffer);
            return y;
        });
    }

    [TestCase(DType.Float64)]
    [TestCase(DType.Int32)]
    public void ScatterAddSumsCollidingTargets(DType dtype)
    {
        AssertSameAsCpu([(Randn(43, 2, 2, 3) * 3).To(dtype), GatherIndex()], x =>
        {
            var y = Tensor.Ones([2, 4, 3], dtype, x[0].Device);
            x[0].Device.ScatterAdd(y.Buffer, 1, x[1].Buffer, x[0].Buffer);
            return y;
        }, 1e-12);
    }

    // Bool storage is one byte per element: these caught the byte buffers being read through the Int32 kernels.
    [Test]
    public void GatherOfBoolReadsBytes()
    {
        AssertSameAsCpu([Randn(44, 2, 4, 3) > 0, GatherIndex()], x =>
        {
            var y = Empty(x[0].Device, DType.Bool, 2, 2, 3);
            x[0].Device.Gather(x[0].Buffer, 1, x[1].Buffer, y.Buffer);
            return y;
        }, 0);
    }

    [Test]
    public void ScatterAddOfBoolIsALogicalOr()
    {
        AssertSameAsCpu([Randn(45, 2, 2, 3) > 0, GatherIndex()], x =>
        {
            var y = Tensor.Zeros([2, 4, 3], DType.Bool, x[0].Device);
            x[0].Device.ScatterAdd(y.Buffer, 1, x[1].Buffer, x[0].Buffer);
            return y;
        }, 0);
    }
}
