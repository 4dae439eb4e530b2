using Autograd.Kernels;

namespace Autograd.Tests.Gpu;

[TestFixtureSource(typeof(DeviceTest), nameof(Targets))]
public class ReducePrimitiveTests(string device) : DeviceTest(device)
{
    [TestCase(DType.Float32)]
    [TestCase(DType.Float64)]
    [TestCase(DType.Int32)]
    public void SumOverDimensionsMatchesTheCpu(DType dtype)
    {
        var x = (Randn(20, 4, 5, 6) * 5).To(dtype);
        AssertSameAsCpu(x, t => t.Sum([0, 2], keepDim: true), 1e-5);
        AssertSameAsCpu(x, t => t.Sum([1]), 1e-5);
    }

    [Test]
    public void ALongRowIsReducedInSegmentsThenFolded()
    {
        // 300 elements into one output: the emulator splits the row into parts and folds them in a second launch.
        AssertSameAsCpu(Randn(21, 300), t => t.Sum(), 1e-12);
        AssertSameAsCpu(Randn(22, 3, 100), t => Reduce(new MaxReduce(), t.Permute(1, 0), 1), 0);
    }

    [Test]
    public void MaxAndMinOfATransposedViewPropagateNaN()
    {
        var x = Randn(23, 6, 7);
        var data = x.ToArray<double>();
        data[9] = double.NaN;
        var withNan = Tensor.From(data, 6, 7);
        AssertSameAsCpu(withNan, t => Reduce(new MaxReduce(), t.Permute(1, 0), 1), 0);
        AssertSameAsCpu(withNan, t => Reduce(new MinReduce(), t, 2), 0);
    }

    private static Tensor Reduce<TOp>(TOp op, Tensor x, int reducedDims) where TOp : struct, IReduceOp
    {
        var y = Empty(x.Device, x.DType, x.ShapeArray[..(x.Rank - reducedDims)]);
        x.Device.Reduce(op, x.Buffer, reducedDims, y.Buffer);
        return y;
    }

    [TestCase(true)]
    [TestCase(false)]
    public void ArgReduceFindsTheFirstExtremumAlongTheLastDimension(bool max)
    {
        var x = Tensor.From(new[] { 3, 1, 3, 0, 2, 2, -1, 5, 5, 4, 4, 4 }, 3, 4).To(DType.Float32);
        foreach (var input in new[] { x, Randn(24, 5, 9) })
        {
            AssertSameAsCpu(input, t => ArgReduce(max, t.Permute(1, 0)).Values);
            AssertSameAsCpu(input, t => ArgReduce(max, t.Permute(1, 0)).Indices);
        }
    }

    private static (Tensor Values, Tensor Indices) ArgReduce(bool max, Tensor x)
    {
        var shape = x.ShapeArray[..^1];
        var values = Empty(x.Device, x.DType, shape);
        var indices = Empty(x.Device, DType.Int32, shape);
        x.Device.ArgReduce(max, x.Buffer, values.Buffer, indices.Buffer);
        return (values, indices);
    }

    [TestCase(DType.Float32, false)]
    [TestCase(DType.Float32, true)]
    [TestCase(DType.Float64, false)]
    [TestCase(DType.Float64, true)]
    public void SoftmaxRowsMatchTheCpuEvenForLargeInputs(DType dtype, bool log)
    {
        var x = (Randn(25, 6, 11) * 30).To(dtype);
        AssertSameAsCpu(x, t =>
        {
            var y = Empty(t.Device, dtype, 6, 11);
            t.Device.Softmax(t.Buffer, y.Buffer, log);
            return y;
        }, dtype == DType.Float32 ? 1e-5 : 1e-12, transcendental: true);
    }
}
