namespace Autograd.Tests.Ops;

public class IndexingTests
{
    private static Tensor Input(ulong seed, params int[] shape) =>
        Tensor.Randn(shape, new Generator(seed), DType.Float64, requiresGrad: true);

    private static Tensor Range(params int[] shape) =>
        Tensor.Arange(0, shape.Aggregate(1, (a, b) => a * b), dtype: DType.Float64).Reshape(shape);

    [Test]
    public void IndexSelectPicksRowsAndRepeatedIndicesAccumulateGradient()
    {
        var w = Tensor.Zeros([3, 2], DType.Float64, requiresGrad: true);
        using var ids = Tensor.From([2, 0, 2], 3);
        using var table = Range(3, 2);

        using var picked = table.IndexSelect(0, ids);
        (w.IndexSelect(0, ids) * 1).Sum().Backward();

        Assert.That(picked.ToArray<double>(), Is.EqualTo(new double[] { 4, 5, 0, 1, 4, 5 }));
        Assert.That(w.Grad!.ToArray<double>(), Is.EqualTo(new double[] { 1, 1, 0, 0, 2, 2 }));
    }

    [Test]
    public void IndexSelectAndIndexAddPassGradCheckOnTransposedInputs()
    {
        using var ids = Tensor.From([3, 0, 3, 1], 4);
        Autodiff.GradCheck(t => t[0].T.IndexSelect(0, ids), [Input(1, 3, 4)]);
        Autodiff.GradCheck(t => t[0].IndexSelect(1, ids).Exp(), [Input(2, 2, 4)]);
        Autodiff.GradCheck(t => t[0].IndexAdd(1, ids, t[1].T), [Input(3, 2, 4), Input(4, 4, 2)]);
    }

    [Test]
    public void IndexSelectBackwardIsDifferentiable()
    {
        using var ids = Tensor.From([1, 1, 0], 3);
        Autodiff.GradCheck(t =>
        {
            using var grad = Tensor.EnableGrad();
            var y = t[0].IndexSelect(0, ids);
            return Autodiff.Grad([(y * y * t[1]).Sum()], [t[0]], createGraph: true)[0]!;
        }, [Input(5, 2, 3), Input(6, 3, 3)]);
    }

    [Test]
    public void IntegerIndexAddAndScatterAddWrapAroundOnOverflowAsPlusDoes()
    {
        var index = Tensor.From([0]);
        var one = Tensor.From([1]);
        using var max = Tensor.Full([1], int.MaxValue, DType.Int32);
        Assert.That(max.IndexAdd(0, index, one).ToArray<int>(), Is.EqualTo(new[] { int.MinValue }));
        Assert.That(max.ScatterAdd(0, index, one).ToArray<int>(), Is.EqualTo(new[] { int.MinValue }));
        Assert.That((max + one).ToArray<int>(), Is.EqualTo(new[] { int.MinValue }), "the same as the plain sum");
    }

    [Test]
    public void GatherPicksOneEntryPerIndexPosition()
    {
        using var x = Range(2, 3);
        using var index = Tensor.From([2, 0, 1, 1], 2, 2);

        using var along1 = x.Gather(1, index);
        using var along0 = x.Gather(0, Tensor.From([1, 0, 1], 1, 3));

        Assert.That(along1.ToArray<double>(), Is.EqualTo(new double[] { 2, 0, 4, 4 }));
        Assert.That(along0.ToArray<double>(), Is.EqualTo(new double[] { 3, 1, 5 }));
    }

    [Test]
    public void GatherWorksOnBoolTensors()
    {
        using var mask = Tensor.From([true, false, false, true], 2, 2);
        using var index = Tensor.From([1, 1, 0, 0], 2, 2);

        using var picked = mask.Gather(1, index);

        Assert.That(picked.ToArray<bool>(), Is.EqualTo(new[] { false, false, false, false }));
    }

    [Test]
    public void GatherAndScatterAddPassGradCheckIncludingNonContiguousOperands()
    {
        using var index = Tensor.From([2, 0, 1, 1, 0, 0], 2, 3);
        Autodiff.GradCheck(t => t[0].Gather(1, index), [Input(7, 2, 4)]);
        Autodiff.GradCheck(t => t[0].T.Gather(1, index), [Input(8, 4, 2)]);
        Autodiff.GradCheck(t => t[0].Gather(0, index.T), [Input(15, 3, 2)]);
        Autodiff.GradCheck(t => t[0].ScatterAdd(1, index, t[1]), [Input(9, 2, 3), Input(10, 2, 3)]);
        // src larger than the index: only its index-shaped corner contributes (and receives gradient).
        Autodiff.GradCheck(t => t[0].T.ScatterAdd(0, index.T, t[1]), [Input(11, 3, 3), Input(12, 4, 3)]);
    }

    [Test]
    public void ScatterAddAccumulatesRepeatedIndicesOutOfPlace()
    {
        using var self = Tensor.Ones([2, 3], DType.Float64);
        using var src = Range(2, 2);
        using var index = Tensor.From([0, 0, 2, 1], 2, 2);

        using var y = self.ScatterAdd(1, index, src);

        Assert.That(y.ToArray<double>(), Is.EqualTo(new double[] { 2, 1, 1, 1, 4, 3 }));
        Assert.That(self.ToArray<double>(), Is.All.EqualTo(1));
    }

    [Test]
    public void GatherBackwardIsDifferentiable()
    {
        using var index = Tensor.From([1, 1, 0, 2], 2, 2);
        Autodiff.GradCheck(t =>
        {
            using var grad = Tensor.EnableGrad();
            var y = t[0].Gather(1, index);
            return Autodiff.Grad([(y * y * t[1]).Sum()], [t[0]], createGraph: true)[0]!;
        }, [Input(13, 2, 3), Input(14, 2, 2)]);
    }

    [Test]
    public void OutOfRangeIndicesAreReportedWithTheOpTheValueAndTheDimensionSize()
    {
        using var x = Range(3, 4);
        using var tooBig = Tensor.From([0, 4], 2);
        using var negative = Tensor.From([-1, 0, 0, 0], 2, 2);

        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => x.IndexSelect(1, tooBig))!.Message,
            Does.StartWith("index_select: index 4 is out of bounds for dimension 1 with size 4."));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => x.Gather(0, negative))!.Message,
            Does.StartWith("gather: index -1 is out of bounds for dimension 0 with size 3."));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => x.ScatterAdd(1, negative, x))!.Message,
            Does.StartWith("scatter_add: index -1 is out of bounds for dimension 1 with size 4."));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => x.IndexAdd(0, Tensor.From([3], 1), Range(1, 4)))!.Message,
            Does.StartWith("index_add: index 3 is out of bounds for dimension 0 with size 3."));
    }

    [Test]
    public void BadIndexTensorsAreRejectedWithTheirShapes()
    {
        using var x = Range(3, 4);
        Assert.That(Assert.Throws<ArgumentException>(() => x.IndexSelect(0, Tensor.From([0.0], 1)))!.Message,
            Does.Contain("index_select: expected an Int32 index tensor, got float64"));
        Assert.That(Assert.Throws<ArgumentException>(() => x.IndexSelect(0, Tensor.From([0, 1], 1, 2)))!.Message,
            Does.Contain("index_select: the index must be 0-d or 1-d, got shape [1, 2]"));
        Assert.That(Assert.Throws<ArgumentException>(() => x.Gather(1, Tensor.From([0, 1], 2)))!.Message,
            Does.Contain("gather: the index [2] must have as many dimensions as the input [3, 4]"));
        Assert.That(Assert.Throws<ArgumentException>(() => x.Gather(1, Tensor.Zeros([4, 1], DType.Int32)))!.Message,
            Does.Contain("gather: the index [4, 1] must not be larger than the input [3, 4] outside dimension 1"));
        Assert.That(Assert.Throws<ArgumentException>(() => x.ScatterAdd(0, Tensor.Zeros([2, 2], DType.Int32), Range(1, 4)))!.Message,
            Does.Contain("scatter_add: the index [2, 2] must not be larger than src [1, 4]"));
        Assert.That(Assert.Throws<ArgumentException>(() => x.IndexAdd(0, Tensor.From([0], 1), Range(1, 3)))!.Message,
            Does.Contain("index_add: expected a float64 source of shape [1, 4]"));
    }
}
