namespace Autograd.Tests.Core;

/// <summary>
/// The fused in-place updates optimizers use (lerp_, addcmul_, addcdiv_) and the kernel path of scalar in-place ops:
/// bit-identical to the composed out-of-place formulas PyTorch's kernels evaluate, on dense, broadcast and strided
/// operands; differentiable; and refusing bad operands before touching the target.
/// </summary>
public class FusedInPlaceTests
{
    // 70_001 is prime and above the size at which dense rows are split across threads.
    private static readonly int[] Sizes = [0, 1, 7, 17, 97, 1031, 70_001];

    private static Tensor Values(int n, int seed, double low = -3, double high = 3) =>
        Tensor.Uniform([n], low, high, new Generator((ulong)seed));

    private static Tensor Input(params int[] shape) => Tensor.Randn(shape, new Generator(11), DType.Float64, requiresGrad: true);

    [Test]
    public void LerpInPlaceIsBitIdenticalToPyTorchsTwoSidedFormula()
    {
        foreach (int n in Sizes)
        {
            foreach (double w in new[] { 0.1, 0.75 })
            {
                using var x = Values(n, n);
                using var end = Values(n, n + 1);
                using var expected = w < 0.5 ? x + (end - x) * w : end - (end - x) * (1 - w);
                x.LerpInPlace(end, w);
                Assert.That(x.ToArray<float>(), Is.EqualTo(expected.ToArray<float>()), $"n = {n}, w = {w}");
            }
        }
    }

    [Test]
    public void AddCMulAndAddCDivInPlaceAreBitIdenticalToTheComposedFormula()
    {
        foreach (int n in Sizes)
        {
            using var x = Values(n, n);
            using var y = x.Clone();
            using var t1 = Values(n, n + 1);
            using var t2 = Values(n, n + 2, 0.5, 4);
            using var product = t1 * 0.3 * t2;
            using var quotient = t1 * -0.7 / t2;
            using var expectedMul = x + product;
            using var expectedDiv = y + quotient;
            x.AddCMulInPlace(t1, t2, 0.3);
            y.AddCDivInPlace(t1, t2, -0.7);
            Assert.That(x.ToArray<float>(), Is.EqualTo(expectedMul.ToArray<float>()), $"addcmul, n = {n}");
            Assert.That(y.ToArray<float>(), Is.EqualTo(expectedDiv.ToArray<float>()), $"addcdiv, n = {n}");
        }
    }

    [Test]
    public void FusedUpdatesBroadcastTheirOperandsAndWriteThroughStridedViews()
    {
        using var baseTensor = Tensor.Randn([5, 3], new Generator(1), DType.Float64);
        using var x = baseTensor.Transpose(0, 1);
        using var reference = x.Contiguous();
        using var row = Tensor.Randn([5], new Generator(2), DType.Float64);
        using var column = Tensor.Uniform([3, 1], 1, 2, new Generator(3), DType.Float64);
        using var lerped = reference + (row - reference) * 0.25;
        using var multiplied = lerped + row * 2.0 * column;
        using var divided = multiplied + row * 0.5 / column;

        x.LerpInPlace(row, 0.25).AddCMulInPlace(row, column, 2).AddCDivInPlace(row, column, 0.5);

        Assert.That(x.ToDoubleArray(), Is.EqualTo(divided.ToDoubleArray()));
        Assert.That(baseTensor.Transpose(0, 1).ToDoubleArray(), Is.EqualTo(divided.ToDoubleArray()), "the update lands in the base tensor");
    }

    [Test]
    public void ScalarInPlaceOpsMatchTheirTensorOperandFormsAndBumpTheVersion()
    {
        foreach (int n in Sizes)
        {
            using var x = Values(n, n);
            using var s = Tensor.Scalar(1.3f);
            using var expected = (x * s + s) / s;
            int version = x.Version;
            x.MulInPlace(1.3).AddInPlace(1.3).DivInPlace(1.3);
            Assert.That(x.ToArray<float>(), Is.EqualTo(expected.ToArray<float>()), $"n = {n}");
            Assert.That(x.Version, Is.EqualTo(version + 3));
        }
        using var integers = Tensor.From([1, 2, 3], 3);
        integers.MulInPlace(2).AddInPlace(1);
        Assert.That(integers.ToArray<int>(), Is.EqualTo(new[] { 3, 5, 7 }), "integer tensors take the tensor-operand path");
        var division = Assert.Throws<ArgumentException>(() => integers.DivInPlace(2))!;
        Assert.That(division.Message, Does.Contain("div_").And.Contain("int32"));
    }

    [Test]
    public void AddInPlaceWithAlphaIsBitIdenticalToAddingTheScaledOperand()
    {
        foreach (int n in Sizes)
        {
            using var x = Values(n, n);
            using var other = Values(n, n + 1);
            using var scaled = other * -0.37;
            using var expected = x + scaled;
            x.AddInPlace(other, -0.37);
            Assert.That(x.ToArray<float>(), Is.EqualTo(expected.ToArray<float>()), $"n = {n}");
        }
    }

    [Test]
    public void AddInPlaceWithAlphaPassesGradCheckAndIsNamedLikePyTorch()
    {
        Autodiff.GradCheck(p => (p[0] * 1).AddInPlace(p[1].T, 2.5), [Input(2, 3), Input(3, 2)]);
        Autodiff.GradCheck(p => (p[0] * 1).AddInPlace(p[1], -0.5), [Input(2, 3), Input(3)]);
        using var a = Input(3);
        using var b = Input(3);
        using var y = (a * 1).AddInPlace(b, 2);
        Assert.That(y.GradFn!.Name, Is.EqualTo("AddBackward0"));
    }

    [Test]
    public void MulAndDivInPlaceByATensorThatRequiresGradPassGradCheckAndGradGradCheck()
    {
        using var denominator = Tensor.Uniform([3], 1, 2, new Generator(5), DType.Float64).RequiresGrad_();
        Autodiff.GradCheck(p => (p[0] * 1).MulInPlace(p[1]), [Input(2, 3), Input(3)]);
        Autodiff.GradCheck(p => (p[0] * 1).DivInPlace(p[1]), [Input(2, 3), denominator]);
        Autodiff.GradGradCheck(p => (p[0] * 1).MulInPlace(p[1]), [Input(2, 3), Input(2, 3)]);
        Autodiff.GradGradCheck(p => (p[0] * 1).DivInPlace(p[1]), [Input(2, 3), denominator]);
    }

    [Test]
    public void MulInPlaceByATensorThatRequiresGradGivesTheOutOfPlaceGradientsAndGraph()
    {
        using var a = Input(2, 3);
        using var b = Tensor.Randn([3], new Generator(12), DType.Float64, requiresGrad: true);
        (a * 2 * b).Sum().Backward();
        var (expectedA, expectedB) = (a.Grad!.ToArray<double>(), b.Grad!.ToArray<double>());
        a.Grad = b.Grad = null;

        var y = (a * 2).MulInPlace(b);
        // As in PyTorch, the copy of the overwritten operand is no node of its own: mul_ links straight to a * 2.
        Assert.That(y.GradFn!.Name, Is.EqualTo("MulBackward0"));
        Assert.That(y.GradFn.NextFunctions.Select(n => n?.Name), Is.EqualTo(new[] { "MulBackward0", "AccumulateGrad" }));
        y.Sum().Backward();
        Assert.That(a.Grad!.ToArray<double>(), Is.EqualTo(expectedA).Within(1e-12));
        Assert.That(b.Grad!.ToArray<double>(), Is.EqualTo(expectedB).Within(1e-12));
    }

    [Test]
    public void LerpInPlacePassesGradCheckWithABroadcastEnd()
    {
        Autodiff.GradCheck(p => (p[0] * 1).LerpInPlace(p[1], 0.3), [Input(2, 3), Input(3)]);
        Autodiff.GradCheck(p => (p[0] * 1).LerpInPlace(p[1], 0.8), [Input(2, 3), Input(2, 3)]);
    }

    [Test]
    public void AddCMulInPlacePassesGradCheckWithBroadcastAndTransposedOperands()
    {
        Autodiff.GradCheck(p => (p[0] * 1).AddCMulInPlace(p[1], p[2].T, 0.5), [Input(2, 3), Input(3), Input(3, 2)]);
        Autodiff.GradGradCheck(p => (p[0] * 1).AddCMulInPlace(p[1], p[2], -2), [Input(2, 3), Input(2, 3), Input(2, 1)]);
    }

    [Test]
    public void AddCDivInPlacePassesGradCheckWithBroadcastAndTransposedOperands()
    {
        using var denominator = Tensor.Uniform([3, 2], 1, 2, new Generator(5), DType.Float64).RequiresGrad_();
        Autodiff.GradCheck(p => (p[0] * 1).AddCDivInPlace(p[1], p[2].T, 0.5), [Input(2, 3), Input(3), denominator]);
        Autodiff.GradGradCheck(p => (p[0] * 1).AddCDivInPlace(p[1], p[2].T, -1.5), [Input(2, 3), Input(2, 3), denominator]);
    }

    [Test]
    public void FusedUpdatesRefuseBadOperandsBeforeWriting()
    {
        using var x = Tensor.Zeros([2, 3]);
        using var wide = Tensor.Ones([2, 4]);
        var shape = Assert.Throws<ArgumentException>(() => x.AddCMulInPlace(wide, wide))!;
        Assert.That(shape.Message, Does.Contain("addcmul_").And.Contain("[2, 3]").And.Contain("[2, 4]"));
        Assert.Throws<ArgumentException>(() => x.LerpInPlace(Tensor.Ones([4]), 0.5));
        using var integers = Tensor.From([1, 2], 2);
        var dtype = Assert.Throws<ArgumentException>(() => integers.AddCDivInPlace(integers, integers))!;
        Assert.That(dtype.Message, Does.Contain("addcdiv_"));
        using var leaf = Tensor.Zeros([3], DType.Float32, requiresGrad: true);
        using var other = Tensor.Ones([3]);
        Assert.Throws<InvalidOperationException>(() => leaf.LerpInPlace(other, 0.5));
        Assert.That(x.ToArray<float>(), Is.All.EqualTo(0f), "nothing was written");
    }

    [Test]
    public void AnOperandOverwrittenAfterAddCMulIsReportedAtBackward()
    {
        using var a = Input(3);
        using var t = Input(3);
        using var x = a * 1;
        using var t1 = t * 1;
        x.AddCMulInPlace(t1, t1, 2);
        t1.AddInPlace(1);
        var ex = Assert.Throws<InvalidOperationException>(() => x.Sum().Backward())!;
        Assert.That(ex.Message, Does.Contain("AddcmulBackward0"));
    }
}
