namespace Autograd.Tests.Gpu;

[TestFixtureSource(typeof(DeviceTest), nameof(Targets))]
public class MatMulPrimitiveTests(string device) : DeviceTest(device)
{
    private static Tensor MatMul(Tensor a, Tensor b, int[] batch, int m, int n)
    {
        var c = Empty(a.Device, a.DType, [.. batch, m, n]);
        int k = a.Shape[^1];
        var ab = new StridedBuffer(a.Storage, [.. batch, m, k], Elementwise.BroadcastStrides(a.ShapeArray, a.StridesArray, [.. batch, m, k]), a.StorageOffset);
        var bb = new StridedBuffer(b.Storage, [.. batch, k, n], Elementwise.BroadcastStrides(b.ShapeArray, b.StridesArray, [.. batch, k, n]), b.StorageOffset);
        a.Device.MatMul(ab, bb, c.Buffer);
        return c;
    }

    [TestCase(DType.Float32)]
    [TestCase(DType.Float64)]
    public void TiledProductOfRaggedShapesMatchesTheCpu(DType dtype)
    {
        // 7×9·9×5: none of the sizes is a multiple of the tile, so every edge path runs.
        AssertSameAsCpu([Randn(30, 7, 9).To(dtype), Randn(31, 9, 5).To(dtype)], x => MatMul(x[0], x[1], [], 7, 5), 1e-5);
    }

    [Test]
    public void TransposedOperandsAreReadThroughTheirStrides()
    {
        AssertSameAsCpu([Randn(32, 6, 4), Randn(33, 3, 6)], x => MatMul(x[0].Permute(1, 0), x[1].Permute(1, 0), [], 4, 3), 1e-12);
    }

    [Test]
    public void BatchedProductBroadcastsAStrideZeroBatch()
    {
        AssertSameAsCpu([Randn(34, 2, 3, 5, 4), Randn(35, 3, 4, 6)], x => MatMul(x[0], x[1], [2, 3], 5, 6), 1e-12);
    }

    [Test]
    public void EmptyInnerDimensionGivesZeros()
    {
        AssertSameAsCpu([Tensor.Zeros([3, 0], DType.Float64), Tensor.Zeros([0, 2], DType.Float64)], x => MatMul(x[0], x[1], [], 3, 2));
    }
}
