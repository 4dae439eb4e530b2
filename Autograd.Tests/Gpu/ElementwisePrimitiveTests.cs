using Autograd.Kernels;

namespace Autograd.Tests.Gpu;

[TestFixtureSource(typeof(DeviceTest), nameof(Targets))]
public class ElementwisePrimitiveTests(string device) : DeviceTest(device)
{
    [TestCase(DType.Float32)]
    [TestCase(DType.Float64)]
    [TestCase(DType.Int32)]
    [TestCase(DType.Bool)]
    public void FillWritesEveryElementOfAStridedView(DType dtype)
    {
        AssertSameAsCpu(Tensor.Zeros([4, 6], dtype), x =>
        {
            var y = x.Clone();
            var view = new StridedBuffer(y.Storage, [2, 3], [12, 2], 1);
            y.Device.Fill(view, 3);
            return y;
        });
    }

    [TestCase(DType.Float32, DType.Float64)]
    [TestCase(DType.Float64, DType.Int32)]
    [TestCase(DType.Float32, DType.Bool)]
    [TestCase(DType.Bool, DType.Float32)]
    [TestCase(DType.Int32, DType.Float32)]
    public void CopyCastsBetweenDTypesFromATransposedView(DType from, DType to)
    {
        var source = (Randn(1, 5, 7) * 3).To(from);
        AssertSameAsCpu(source, x => x.Permute(1, 0).Contiguous().To(to));
    }

    [TestCase(DType.Float32, false)]
    [TestCase(DType.Float64, true)]
    public void FusedAdamStepMatchesTheCpu(DType dtype, bool amsGrad)
    {
        Tensor[] inputs = [Randn(1, 5, 7).To(dtype), Randn(2, 5, 7).To(dtype), (Randn(3, 5, 7) * 0.1).To(dtype), (Randn(4, 5, 7) * 0.1).Abs().To(dtype),
            (Randn(5, 5, 7) * 0.1).Abs().To(dtype)];
        AssertSameAsCpu(inputs, x =>
        {
            var (p, m, v, vMax) = (x[0].Clone(), x[2].Clone(), x[3].Clone(), x[4].Clone());
            using (Tensor.NoGrad())
                for (long step = 1; step <= 2; step++)
                    Tensor.AdamStepInPlace(p, x[1], m, v, amsGrad ? vMax : null, 1e-2, 0.9, 0.999, 1e-8, step);
            return Tensor.Stack([p, m, v, vMax]);
        }, transcendental: true);
    }

    [Test]
    public void ALayoutWithMoreDimensionsThanTheKernelsTakeIsStillCopiedAndCombined()
    {
        // Nine dimensions reversed: none can be merged with its neighbour.
        var nine = Randn(3, 2, 2, 2, 2, 2, 2, 2, 2, 2).To(DType.Float32);
        int[] reversed = [8, 7, 6, 5, 4, 3, 2, 1, 0];
        AssertSameAsCpu(nine, x => x.Permute(reversed).Contiguous());
        AssertSameAsCpu(nine, x => x.Permute(reversed) * 2 + x.Permute(reversed).Exp(), 1e-6, transcendental: true);
        AssertSameAsCpu(nine, x => x.Permute(reversed).Gt(0).To(DType.Float32));
    }

    [Test]
    public void MapAppliesTheCoreOpStructToFloatAndDouble()
    {
        AssertSameAsCpu(Randn(2, 3, 17), x => x.Exp(), 1e-12, transcendental: true);
        AssertSameAsCpu(Randn(2, 3, 17).To(DType.Float32), x => (-x).Exp(), 1e-6, transcendental: true);
    }

    [Test]
    public void MapReadsAStridedViewAndWritesADenseResult()
    {
        AssertSameAsCpu(Randn(3, 4, 5, 6), x =>
        {
            var view = x.Permute(2, 0, 1);
            var y = Empty(x.Device, x.DType, 6, 4, 5);
            x.Device.Map(new ExpOp(), view.Buffer, y.Buffer);
            return y;
        }, 1e-12, transcendental: true);
    }

    [TestCase(DType.Float32)]
    [TestCase(DType.Float64)]
    [TestCase(DType.Int32)]
    public void ZipBroadcastsAcrossStrideZeroDimensions(DType dtype)
    {
        var a = (Randn(4, 3, 1, 5) * 4).To(dtype);
        var b = (Randn(5, 4, 1) * 4 + 9).To(dtype);
        AssertSameAsCpu([a, b], x => x[0] * x[1] + x[0] - x[1] / x[1]);
    }

    [Test]
    public void ZipRunsEveryBinaryOpStruct()
    {
        var a = Randn(6, 7, 9).Exp();
        var b = Randn(7, 9);
        AssertSameAsCpu([a, b], x => Zip(new PowOp(), x[0], x[1]), 1e-12, transcendental: true);
        AssertSameAsCpu([a, b], x => Zip(new MaximumOp(), x[0], x[1]));
        AssertSameAsCpu([a, b], x => Zip(new MinimumOp(), x[0], x[1]));
    }

    private static Tensor Zip<TOp>(TOp op, Tensor a, Tensor b) where TOp : struct, IBinaryOp
    {
        var y = Empty(a.Device, a.DType, a.ShapeArray);
        a.Device.Zip(op, a.Buffer, Broadcast(b, a.ShapeArray), y.Buffer);
        return y;
    }

    [TestCase(DType.Float32)]
    [TestCase(DType.Float64)]
    [TestCase(DType.Int32)]
    public void CompareWritesBools(DType dtype)
    {
        var a = (Randn(8, 4, 6) * 2).To(dtype);
        var b = (Randn(9, 6) * 2).To(dtype);
        AssertSameAsCpu([a, b], x => Compare(new LtOp(), x[0], x[1]));
        AssertSameAsCpu([a, b], x => Compare(new EqOp(), x[0], x[0]));
        AssertSameAsCpu([a, b], x => Compare(new GeOp(), x[0], x[1]));
    }

    private static Tensor Compare<TOp>(TOp op, Tensor a, Tensor b) where TOp : struct, ICompareOp
    {
        var y = Empty(a.Device, DType.Bool, a.ShapeArray);
        a.Device.Compare(op, a.Buffer, Broadcast(b, a.ShapeArray), y.Buffer);
        return y;
    }

    private static StridedBuffer Broadcast(Tensor t, int[] shape) =>
        new(t.Storage, shape, Elementwise.BroadcastStrides(t.ShapeArray, t.StridesArray, shape), t.StorageOffset);

    [TestCase(DType.Float32)]
    [TestCase(DType.Float64)]
    [TestCase(DType.Int32)]
    [TestCase(DType.Bool)]
    public void WhereSelectsByABroadcastCondition(DType dtype)
    {
        var cond = Randn(10, 4, 1).To(DType.Bool);
        var a = (Randn(11, 4, 5) * 3).To(dtype);
        var b = (Randn(12, 5) * 3).To(dtype);
        AssertSameAsCpu([cond, a, b], x =>
        {
            int[] shape = [4, 5];
            var y = Empty(x[1].Device, dtype, shape);
            x[1].Device.Where(Broadcast(x[0], shape), x[1].Buffer, Broadcast(x[2], shape), y.Buffer);
            return y;
        });
    }
}
