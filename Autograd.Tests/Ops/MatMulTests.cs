namespace Autograd.Tests.Ops;

public class MatMulTests
{
    private static Tensor Input(int seed, params int[] shape) =>
        Tensor.Randn(shape, new Generator((ulong)seed), DType.Float64, requiresGrad: true);

    [Test]
    public void TwoByTwoProductMatchesTheTextbookInBothFloatTypes()
    {
        using var a = Tensor.From([1.0, 2, 3, 4], 2, 2);
        using var b = Tensor.From([5.0, 6, 7, 8], 2, 2);
        Assert.That(a.MatMul(b).ToDoubleArray(), Is.EqualTo(new[] { 19.0, 22, 43, 50 }));
        using var af = Tensor.From([1f, 2, 3, 4], 2, 2);
        using var bf = Tensor.From([5f, 6, 7, 8], 2, 2);
        using var cf = Tensor.MatMul(af, bf);
        Assert.That(cf.DType, Is.EqualTo(DType.Float32));
        Assert.That(cf.ToFloatArray(), Is.EqualTo(new[] { 19f, 22, 43, 50 }));
    }

    [TestCase(new[] { 4 }, new[] { 4 }, new int[0])]
    [TestCase(new[] { 3, 4 }, new[] { 4 }, new[] { 3 })]
    [TestCase(new[] { 4 }, new[] { 4, 3 }, new[] { 3 })]
    [TestCase(new[] { 2, 3, 4 }, new[] { 4 }, new[] { 2, 3 })]
    [TestCase(new[] { 4 }, new[] { 2, 4, 3 }, new[] { 2, 3 })]
    [TestCase(new[] { 2, 1, 3, 4 }, new[] { 5, 4, 2 }, new[] { 2, 5, 3, 2 })]
    [TestCase(new[] { 3, 4 }, new[] { 2, 4, 5 }, new[] { 2, 3, 5 })]
    public void ResultShapeFollowsTorchMatmul(int[] aShape, int[] bShape, int[] expected)
    {
        using var a = Tensor.Zeros(aShape, DType.Float64);
        using var b = Tensor.Zeros(bShape, DType.Float64);
        using var c = a.MatMul(b);
        Assert.That(c.Shape, Is.EqualTo(expected));
    }

    [Test]
    public void VectorCasesComputeDotAndMatrixVectorProducts()
    {
        using var v = Tensor.From([1.0, 2], 2);
        using var m = Tensor.From([1.0, 2, 3, 4, 5, 6], 2, 3);
        Assert.That(v.MatMul(v).Item(), Is.EqualTo(5.0));
        Assert.That(v.MatMul(m).ToDoubleArray(), Is.EqualTo(new[] { 9.0, 12, 15 }));
        Assert.That(m.T.MatMul(v).ToDoubleArray(), Is.EqualTo(new[] { 9.0, 12, 15 }));
    }

    [Test]
    public void StridedOperandsGiveTheSameResultAsContiguousCopies()
    {
        using var a = Tensor.Randn([2, 4, 3], new Generator(1), DType.Float64);
        using var b = Tensor.Randn([5, 4], new Generator(2), DType.Float64);
        using var at = a.Transpose(1, 2);
        using var bt = b.T;
        using var expected = at.Contiguous().MatMul(bt.Contiguous());
        using var actual = at.MatMul(bt);
        Assert.That(actual.ToDoubleArray(), Is.EqualTo(expected.ToDoubleArray()).Within(1e-12));
    }

    [Test]
    public void MatMulPassesGradCheckForEveryCase()
    {
        Autodiff.GradCheck(x => x[0].MatMul(x[1]), [Input(1, 4), Input(2, 4)]);
        Autodiff.GradCheck(x => x[0].MatMul(x[1]), [Input(1, 3, 4), Input(2, 4)]);
        Autodiff.GradCheck(x => x[0].MatMul(x[1]), [Input(1, 4), Input(2, 4, 3)]);
        Autodiff.GradCheck(x => x[0].MatMul(x[1]), [Input(1, 2, 3), Input(2, 3, 2)]);
        Autodiff.GradCheck(x => x[0].MatMul(x[1]), [Input(1, 2, 2, 3), Input(2, 2, 3, 2)]);
        Autodiff.GradCheck(x => x[0].MatMul(x[1]), [Input(1, 2, 1, 2, 3), Input(2, 3, 3, 2)]);
        Autodiff.GradCheck(x => x[0].MatMul(x[1]), [Input(1, 2, 2, 3), Input(2, 3)]);
        Autodiff.GradCheck(x => x[0].MatMul(x[1]), [Input(1, 3), Input(2, 2, 3, 2)]);
        Autodiff.GradCheck(x => x[0].MatMul(x[1]), [Input(1, 3, 4), Input(2, 2, 4, 3)]);
    }

    [Test]
    public void MatMulPassesGradCheckWithTransposedOperands()
    {
        Autodiff.GradCheck(x => x[0].T.MatMul(x[1].T), [Input(1, 3, 2), Input(2, 4, 3)]);
        Autodiff.GradCheck(x => x[0].Transpose(1, 2).MatMul(x[1]), [Input(1, 2, 3, 2), Input(2, 3)]);
    }

    [Test]
    public void GradientOfATransposedWeightComesOutInTheWeightsOwnLayout()
    {
        using var x = Input(1, 5, 4);
        using var w = Input(2, 3, 4);
        using var g = Tensor.Randn([5, 3], new Generator(3), DType.Float64);
        using var wt = w.T;
        int[]? arrivingStrides = null;
        wt.RegisterHook(grad =>
        {
            arrivingStrides = [.. grad.Strides];
            return null;
        });
        using var y = x.MatMul(wt);
        y.Backward(g);
        Assert.That(arrivingStrides, Is.EqualTo(wt.Strides));
        using var expectedW = g.T.MatMul(x);
        using var expectedX = g.MatMul(w);
        Assert.That(w.Grad!.IsContiguous, Is.True);
        Assert.That(w.Grad.ToDoubleArray(), Is.EqualTo(expectedW.ToDoubleArray()).Within(1e-12));
        Assert.That(x.Grad!.ToDoubleArray(), Is.EqualTo(expectedX.ToDoubleArray()).Within(1e-12));

        // The same for a column-major left operand: uᵀ's gradient is the transpose of a row-major product.
        using var u = Input(4, 4, 5);
        using var ut = u.T;
        using var z = ut.MatMul(wt);
        z.Backward(g);
        using var expectedU = w.T.MatMul(g.T);
        Assert.That(u.Grad!.IsContiguous, Is.True);
        Assert.That(u.Grad.ToDoubleArray(), Is.EqualTo(expectedU.ToDoubleArray()).Within(1e-12));
        Autodiff.GradCheck(t => t[0].T.MatMul(t[1].T), [Input(4, 4, 5), Input(5, 3, 4)]);
    }

    [Test]
    public void MatMulSupportsDoubleBackward()
    {
        Autodiff.GradCheck(x =>
        {
            using var grad = Tensor.EnableGrad();
            var g = Autodiff.Grad([(x[0].MatMul(x[1]) * x[0].MatMul(x[1])).Sum()], [x[0]], createGraph: true)[0]!;
            return g;
        }, [Input(1, 2, 3), Input(2, 3, 2)]);
    }

    [Test]
    public void GradFnNamesFollowTheProductPyTorchReducesTo()
    {
        using var v = Input(1, 3);
        using var m = Input(2, 3, 3);
        using var batch = Input(3, 2, 3, 3);
        Assert.That(v.MatMul(v).GradFn!.Name, Is.EqualTo("DotBackward0"));
        Assert.That(m.MatMul(v).GradFn!.Name, Is.EqualTo("MvBackward0"));
        Assert.That(m.MatMul(m).GradFn!.Name, Is.EqualTo("MmBackward0"));
        Assert.That(batch.MatMul(m).GradFn!.Name, Is.EqualTo("BmmBackward0"));
    }

    [Test]
    public void MismatchedInnerDimensionsNameBothShapes()
    {
        using var a = Tensor.Zeros([2, 3], DType.Float64);
        using var b = Tensor.Zeros([4, 5], DType.Float64);
        var ex = Assert.Throws<ArgumentException>(() => a.MatMul(b));
        Assert.That(ex!.Message, Is.EqualTo("matmul: cannot multiply [2, 3] by [4, 5]."));
        using var v = Tensor.Zeros([4], DType.Float64);
        Assert.That(Assert.Throws<ArgumentException>(() => v.MatMul(a))!.Message, Does.StartWith("matmul: cannot multiply [4] by [2, 3]"));
    }

    [Test]
    public void IncompatibleBatchesScalarsAndMixedDtypesAreRejected()
    {
        using var a = Tensor.Zeros([2, 3, 4], DType.Float64);
        using var b = Tensor.Zeros([3, 4, 5], DType.Float64);
        Assert.That(Assert.Throws<ArgumentException>(() => a.MatMul(b))!.Message,
            Does.StartWith("matmul: the batch dimensions of [2, 3, 4] and [3, 4, 5] cannot be broadcast"));
        using var s = Tensor.Scalar(2, DType.Float64);
        Assert.That(Assert.Throws<ArgumentException>(() => s.MatMul(a))!.Message, Does.StartWith("matmul:").And.Contain("[]"));
        using var f = Tensor.Zeros([4, 5], DType.Float32);
        Assert.That(Assert.Throws<ArgumentException>(() => a.MatMul(f))!.Message, Does.Contain("float64").And.Contain("float32"));
    }
}
