namespace Autograd.Tests.Ops;

public class ReductionTests
{
    private static Tensor Input(params int[] shape) =>
        Tensor.Randn(shape, new Generator(11), DType.Float64, requiresGrad: true);

    private static Tensor Leaf(double[] data, params int[] shape) => Tensor.From(data, shape).RequiresGrad_();

    private static double[] GradOf(Tensor x, Func<Tensor, Tensor> f)
    {
        f(x).Backward();
        return x.Grad!.ToDoubleArray();
    }

    [Test]
    public void MeanAveragesOverTheGivenDimensions()
    {
        using var x = Tensor.From([1.0, 2, 3, 4, 5, 6], 2, 3);
        Assert.That(x.Mean().Item(), Is.EqualTo(3.5));
        Assert.That(x.Mean(0).ToDoubleArray(), Is.EqualTo(new[] { 2.5, 3.5, 4.5 }));
        Assert.That(x.Mean(-1, keepDim: true).Shape, Is.EqualTo(new[] { 2, 1 }));
        Assert.That(x.Mean(-1, keepDim: true).ToDoubleArray(), Is.EqualTo(new[] { 2.0, 5.0 }));
    }

    [Test]
    public void MeanPassesGradCheckOnAllDimsKeepDimAndATransposedInput()
    {
        Autodiff.GradCheck(x => x[0].Mean(), [Input(2, 3)]);
        Autodiff.GradCheck(x => x[0].Mean([0, 2], keepDim: true), [Input(2, 3, 4)]);
        Autodiff.GradCheck(x => x[0].Transpose(0, 1).Mean(1), [Input(3, 4)]);
    }

    [Test]
    public void MeanNamesItsGradFnAsPyTorchDoes()
    {
        using var x = Input(2, 3);
        Assert.That(x.Mean().GradFn!.Name, Is.EqualTo("MeanBackward0"));
        Assert.That(x.Mean(1).GradFn!.Name, Is.EqualTo("MeanBackward1"));
    }

    [Test]
    public void MeanOfAnIntegerTensorIsRejected()
    {
        using var x = Tensor.From([1, 2, 3], 3);
        var ex = Assert.Throws<ArgumentException>(() => x.Mean());
        Assert.That(ex!.Message, Does.StartWith("mean:").And.Contain("int32").And.Contain("[3]"));
    }

    [Test]
    public void ABadDimensionNamesTheOpAndTheShape()
    {
        using var x = Input(2, 3);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => x.Mean(2));
        Assert.That(ex!.Message, Does.Contain("mean: dimension 2 is out of range for a tensor of shape [2, 3]"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => x.Max(-3))!.Message, Does.Contain("max: dimension -3").And.Contain("[2, 3]"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => x.Var([5]))!.Message, Does.Contain("var: dimension 5").And.Contain("[2, 3]"));
        Assert.That(Assert.Throws<ArgumentException>(() => x.Amax([1, -1]))!.Message, Does.Contain("amax: dimension list [1, -1] repeats").And.Contain("[2, 3]"));
    }

    [Test]
    public void MaxOfAllElementsSharesTheGradientAmongTies()
    {
        using var x = Leaf([1.0, 3, -2, 3], 4);
        var max = x.Max();
        Assert.That(max.Item(), Is.EqualTo(3.0));
        Assert.That(max.GradFn!.Name, Is.EqualTo("MaxBackward1"));
        max.Backward();
        Assert.That(x.Grad!.ToDoubleArray(), Is.EqualTo(new[] { 0, 0.5, 0, 0.5 }));
    }

    [Test]
    public void MinOfAllElementsSharesTheGradientAmongTies()
    {
        using var x = Leaf([-1.0, 3, -1, 2], 4);
        Assert.That(GradOf(x, t => t.Min()), Is.EqualTo(new[] { 0.5, 0, 0.5, 0 }));
    }

    [Test]
    public void MaxAlongADimReturnsValuesAndTheFirstIndexOfTies()
    {
        using var x = Tensor.From([1.0, 5, 5, 7, 2, 0], 2, 3);
        var (values, indices) = x.Max(1);
        Assert.That(values.ToDoubleArray(), Is.EqualTo(new[] { 5.0, 7 }));
        Assert.That(indices.DType, Is.EqualTo(DType.Int32));
        Assert.That(indices.ToArray<int>(), Is.EqualTo(new[] { 1, 0 }));
        var (minValues, minIndices) = x.Min(0, keepDim: true);
        Assert.That(minValues.Shape, Is.EqualTo(new[] { 1, 3 }));
        Assert.That(minValues.ToDoubleArray(), Is.EqualTo(new[] { 1.0, 2, 0 }));
        Assert.That(minIndices.ToArray<int>(), Is.EqualTo(new[] { 0, 1, 1 }));
    }

    [Test]
    public void MaxGradientGoesToTheSelectedElement()
    {
        using var x = Leaf([1.0, 5, 5, 7, 2, 0], 2, 3);
        var (values, indices) = x.Max(1);
        Assert.That(values.GradFn!.Name, Is.EqualTo("MaxBackward0"));
        Assert.That(indices.RequiresGrad, Is.False);
        values.Sum().Backward();
        Assert.That(x.Grad!.ToDoubleArray(), Is.EqualTo(new[] { 0.0, 1, 0, 1, 0, 0 }));
    }

    [Test]
    public void MaxAndMinAlongADimPassGradCheck()
    {
        Autodiff.GradCheck(x => x[0].Max(1).Values, [Input(3, 4)]);
        Autodiff.GradCheck(x => x[0].Max(0, keepDim: true).Values, [Input(2, 3, 2)]);
        Autodiff.GradCheck(x => x[0].Transpose(0, 1).Min(-1).Values, [Input(4, 3)]);
        Autodiff.GradCheck(x => x[0].Min(2, keepDim: true).Values, [Input(2, 2, 3)]);
    }

    [Test]
    public void MaxOfAnEmptyTensorOrDimensionIsRejected()
    {
        using var empty = Tensor.Zeros([2, 0], DType.Float64);
        Assert.That(Assert.Throws<ArgumentException>(() => empty.Max())!.Message, Does.Contain("max:").And.Contain("[2, 0]"));
        Assert.That(Assert.Throws<ArgumentException>(() => empty.Min(1))!.Message, Does.Contain("min:").And.Contain("[2, 0]"));
        Assert.That(Assert.Throws<ArgumentException>(() => empty.Amax([1]))!.Message, Does.Contain("amax:").And.Contain("[2, 0]"));
    }

    [Test]
    public void AmaxReducesSeveralDimsAndSharesTheGradientAmongTies()
    {
        using var x = Leaf([4.0, 1, 4, 2, 0, 3], 2, 3);
        var y = x.Amax([0, 1]);
        Assert.That(y.Item(), Is.EqualTo(4.0));
        Assert.That(y.GradFn!.Name, Is.EqualTo("AmaxBackward0"));
        y.Backward();
        Assert.That(x.Grad!.ToDoubleArray(), Is.EqualTo(new[] { 0.5, 0, 0.5, 0, 0, 0 }));
    }

    [Test]
    public void AmaxAndAminPassGradCheck()
    {
        Autodiff.GradCheck(x => x[0].Amax([0, 2]), [Input(2, 3, 4)]);
        Autodiff.GradCheck(x => x[0].Amax([1], keepDim: true), [Input(3, 4)]);
        Autodiff.GradCheck(x => x[0].Transpose(0, 1).Amin([0], keepDim: true), [Input(3, 4)]);
        Autodiff.GradCheck(x => x[0].Amin([]), [Input(2, 3)]);
    }

    [Test]
    public void ArgMaxAndArgMinReturnInt32PositionsAndRecordNothing()
    {
        using var x = Leaf([3.0, 9, 1, 9, -4, 2], 2, 3);
        var flat = x.ArgMax();
        Assert.That(flat.DType, Is.EqualTo(DType.Int32));
        Assert.That(flat.Shape, Is.Empty);
        Assert.That(flat.Item<int>(), Is.EqualTo(1));
        Assert.That(flat.RequiresGrad, Is.False);
        Assert.That(x.ArgMax(keepDim: true).Shape, Is.EqualTo(new[] { 1, 1 }));
        Assert.That(x.ArgMax(1).ToArray<int>(), Is.EqualTo(new[] { 1, 0 }));
        Assert.That(x.ArgMin(0, keepDim: true).ToArray<int>(), Is.EqualTo(new[] { 0, 1, 0 }));
        Assert.That(x.ArgMin().Item<int>(), Is.EqualTo(4));
        Assert.That(x.Transpose(0, 1).ArgMax(1).ToArray<int>(), Is.EqualTo(new[] { 1, 0, 1 }));
    }

    [Test]
    public void VarUsesTheCorrection()
    {
        using var x = Tensor.From([1.0, 2, 3, 4], 4);
        Assert.That(x.Var().Item(), Is.EqualTo(5.0 / 3).Within(1e-15));
        Assert.That(x.Var(correction: 0).Item(), Is.EqualTo(1.25).Within(1e-15));
        using var m = Tensor.From([1.0, 2, 3, 4, 6, 8], 2, 3);
        Assert.That(m.Var([1], keepDim: true).Shape, Is.EqualTo(new[] { 2, 1 }));
        Assert.That(m.Var([1]).ToDoubleArray(), Is.EqualTo(new[] { 1.0, 4.0 }).Within(1e-15));
    }

    [Test]
    public void VarPassesGradCheck()
    {
        Autodiff.GradCheck(x => x[0].Var(), [Input(2, 3)]);
        Autodiff.GradCheck(x => x[0].Var([0, 2], correction: 0, keepDim: true), [Input(2, 3, 4)]);
        Autodiff.GradCheck(x => x[0].Transpose(0, 1).Var([1], correction: 2), [Input(4, 3)]);
    }

    [Test]
    public void VarSupportsDoubleBackward()
    {
        // The gradient is built from differentiable ops, so it can itself be differentiated (here checked numerically).
        Autodiff.GradCheck(x =>
        {
            using var grad = Tensor.EnableGrad();
            var g = Autodiff.Grad([x[0].Var([1]).Sum()], [x[0]], createGraph: true)[0]!;
            return g * g;
        }, [Input(2, 3)]);
    }

    [Test]
    public void StdIsTheSquareRootOfVar()
    {
        using var x = Tensor.From([1.0, 2, 3, 4, 6, 8], 2, 3);
        Assert.That(x.Std([1]).ToDoubleArray(), Is.EqualTo(new[] { 1.0, 2.0 }).Within(1e-15));
        Assert.That(x.Std(correction: 0).Item(), Is.EqualTo(Math.Sqrt(x.Var(correction: 0).Item())).Within(1e-15));
        Assert.That(x.Std([0], keepDim: true).Shape, Is.EqualTo(new[] { 1, 3 }));
    }

    [Test]
    public void StdPassesGradCheck()
    {
        Autodiff.GradCheck(x => x[0].Std(), [Input(2, 3)]);
        Autodiff.GradCheck(x => x[0].Std([0, 2], correction: 0, keepDim: true), [Input(2, 3, 4)]);
        Autodiff.GradCheck(x => x[0].Transpose(0, 1).Std([1]), [Input(4, 3)]);
    }

    [Test]
    public void StdGradientIsZeroWhereTheStdIsZero()
    {
        using var x = Leaf([2.0, 2, 2, 1, 3, 5], 2, 3);
        x.Std([1]).Sum().Backward();
        var grad = x.Grad!.ToDoubleArray();
        Assert.That(grad[..3], Is.EqualTo(new[] { 0.0, 0, 0 }));
        Assert.That(grad[3..], Is.EqualTo(new[] { -0.5, 0, 0.5 }).Within(1e-15));
    }

    [Test]
    public void LogSumExpIsStableAtLargeInputs()
    {
        using var x = Tensor.From([1e4, 1e4, -1e4, 0], 2, 2);
        var y = x.LogSumExp([1]).ToDoubleArray();
        Assert.That(y[0], Is.EqualTo(1e4 + Math.Log(2)).Within(1e-9));
        Assert.That(y[1], Is.EqualTo(0.0).Within(1e-15));
        using var inf = Tensor.From([double.NegativeInfinity, double.NegativeInfinity, double.PositiveInfinity, 1], 2, 2);
        Assert.That(inf.LogSumExp([1]).ToDoubleArray(), Is.EqualTo(new[] { double.NegativeInfinity, double.PositiveInfinity }));
        Assert.That(x.LogSumExp([0, 1], keepDim: true).Shape, Is.EqualTo(new[] { 1, 1 }));
    }

    [Test]
    public void LogSumExpPassesGradCheck()
    {
        Autodiff.GradCheck(x => x[0].LogSumExp([1]), [Input(2, 3)]);
        Autodiff.GradCheck(x => x[0].LogSumExp([0, 2], keepDim: true), [Input(2, 3, 2)]);
        Autodiff.GradCheck(x => x[0].Transpose(0, 1).LogSumExp([]), [Input(3, 2)]);
        Autodiff.GradCheck(x =>
        {
            using var grad = Tensor.EnableGrad();
            return Autodiff.Grad([x[0].LogSumExp([1]).Sum()], [x[0]], createGraph: true)[0]!;
        }, [Input(2, 3)]);
    }

    [Test]
    public void NormComputesFrobeniusAndOtherPNorms()
    {
        using var x = Tensor.From([3.0, -4, 0, 12], 2, 2);
        Assert.That(x.Norm().Item(), Is.EqualTo(13.0).Within(1e-14));
        Assert.That(x.Norm(1).Item(), Is.EqualTo(19.0));
        Assert.That(x.Norm(double.PositiveInfinity).Item(), Is.EqualTo(12.0));
        Assert.That(x.Norm(double.NegativeInfinity).Item(), Is.EqualTo(0.0));
        Assert.That(x.Norm(0).Item(), Is.EqualTo(3.0));
        Assert.That(x.Norm(3, [1]).ToDoubleArray(), Is.EqualTo(new[] { Math.Cbrt(27 + 64), 12 }).Within(1e-13));
        Assert.That(x.Norm(2, [0], keepDim: true).ToDoubleArray(), Is.EqualTo(new[] { 3.0, Math.Sqrt(160) }).Within(1e-14));
    }

    [TestCase(2.0)]
    [TestCase(1.0)]
    [TestCase(3.0)]
    [TestCase(1.5)]
    [TestCase(0.5)]
    [TestCase(double.PositiveInfinity)]
    [TestCase(double.NegativeInfinity)]
    public void NormPassesGradCheck(double p)
    {
        Autodiff.GradCheck(x => x[0].Norm(p), [Input(2, 3)]);
        Autodiff.GradCheck(x => x[0].Transpose(0, 1).Norm(p, [0], keepDim: true), [Input(3, 4)]);
    }

    [Test]
    public void NormGradientIsZeroAtTheZeroVector()
    {
        using var x = Leaf([0.0, 0, 0], 3);
        var norm = x.Norm();
        Assert.That(norm.GradFn!.Name, Is.EqualTo("LinalgVectorNormBackward0"));
        norm.Backward();
        Assert.That(x.Grad!.ToDoubleArray(), Is.EqualTo(new[] { 0.0, 0, 0 }));
        using var y = Leaf([0.0, 2], 2);
        y.Norm(1.5).Backward();
        Assert.That(y.Grad!.ToDoubleArray(), Is.EqualTo(new[] { 0.0, 1 }).Within(1e-15));
    }

    [Test]
    public void NormOfAnIntegerTensorOrAnEmptyInfNormIsRejected()
    {
        using var ints = Tensor.From([1, 2], 2);
        Assert.That(Assert.Throws<ArgumentException>(() => ints.Norm())!.Message, Does.StartWith("norm:"));
        using var empty = Tensor.Zeros([0], DType.Float64);
        Assert.That(empty.Norm().Item(), Is.EqualTo(0.0));
        Assert.That(Assert.Throws<ArgumentException>(() => empty.Norm(double.PositiveInfinity))!.Message, Does.StartWith("norm:").And.Contain("[0]"));
    }

    private static Tensor MaxValues(Tensor x, int dim)
    {
        var (values, indices) = x.Max(dim);
        indices.Dispose();
        return values;
    }

    [Test]
    public void ForwardAndBackwardReleaseEveryTemporary()
    {
        // A device of its own, so other tests cannot move its live-byte counter.
        var device = CpuDevice.Create(3);
        var ops = new Func<Tensor, Tensor>[]
        {
            x => x.Mean(1), x => MaxValues(x, 1), x => x.Amax([0]), x => x.Var([1]), x => x.Std(), x => x.LogSumExp([1]),
            x => x.Norm(3), x => x.Norm(double.PositiveInfinity), x => x.Softmax(0), x => x.LogSoftmax(1),
        };
        for (int i = 0; i < ops.Length; i++)
        {
            long before = device.LiveBytes;
            using (var host = Tensor.Randn([2, 3], new Generator(1), DType.Float64))
            using (var x = host.To(device).RequiresGrad_())
            using (var y = ops[i](x))
            using (var loss = y.Sum())
            {
                loss.Backward();
                x.Grad!.Dispose();
            }
            // No scope here: a temporary an op forgot to dispose would still hold its storage.
            Assert.That(device.LiveBytes, Is.EqualTo(before), $"op {i}");
        }
    }
}
