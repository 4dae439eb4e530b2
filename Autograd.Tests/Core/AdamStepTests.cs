namespace Autograd.Tests.Core;

/// <summary>
/// The fused Adam step against the same update written as separate in-place ops (the textbook form PyTorch's
/// for-each Adam runs): bit-identical in both float types, with and without AMSGrad, and refusing bad operands.
/// </summary>
public class AdamStepTests
{
    // 70_001 is above the size at which dense rows are split across threads.
    private static readonly int[] Sizes = [0, 1, 7, 17, 1031, 70_001];

    private static Tensor Values(int n, int seed, DType dtype, double low = -3, double high = 3) =>
        Tensor.Uniform([n], low, high, new Generator((ulong)seed), dtype);

    /// <summary>The update as separate in-place ops, in PyTorch's order.</summary>
    private static void ComposedStep(Tensor p, Tensor g, Tensor m, Tensor v, Tensor? vMax, double lr, double beta1, double beta2, double eps, long step)
    {
        m.LerpInPlace(g, 1 - beta1);
        v.MulInPlace(beta2).AddCMulInPlace(g, g, 1 - beta2);
        var second = v;
        if (vMax is not null)
        {
            using var larger = Tensor.Maximum(vMax, v);
            vMax.CopyFrom(larger);
            second = vMax;
        }
        using var denominator = second.Sqrt();
        denominator.DivInPlace(Math.Sqrt(1 - Math.Pow(beta2, step))).AddInPlace(eps);
        p.AddCDivInPlace(m, denominator, -(lr / (1 - Math.Pow(beta1, step))));
    }

    [Test]
    public void FusedStepIsBitIdenticalToTheSeparateInPlaceOps([Values] bool amsGrad, [Values(DType.Float32, DType.Float64)] DType dtype)
    {
        foreach (int n in Sizes)
        {
            using var g = Values(n, 1, dtype);
            Tensor[] Fresh() => [Values(n, 2, dtype), Values(n, 3, dtype, 0, 0.1), Values(n, 4, dtype, 0, 0.01), Values(n, 5, dtype, 0, 0.02)];
            var (fused, composed) = (Fresh(), Fresh());
            using var noGrad = Tensor.NoGrad();
            for (long step = 1; step <= 3; step++)
            {
                Tensor.AdamStepInPlace(fused[0], g, fused[1], fused[2], amsGrad ? fused[3] : null, 1e-2, 0.9, 0.999, 1e-8, step);
                ComposedStep(composed[0], g, composed[1], composed[2], amsGrad ? composed[3] : null, 1e-2, 0.9, 0.999, 1e-8, step);
            }
            for (int i = 0; i < 4; i++)
                Assert.That(fused[i].ToDoubleArray(), Is.EqualTo(composed[i].ToDoubleArray()), $"n = {n}, tensor {i}");
            foreach (var t in fused.Concat(composed)) t.Dispose();
        }
    }

    [Test]
    public void FusedStepBumpsTheVersionOfWhatItWrites()
    {
        using var p = Values(5, 1, DType.Float32);
        using var g = Values(5, 2, DType.Float32);
        using var m = Tensor.ZerosLike(p);
        using var v = Tensor.ZerosLike(p);
        var before = (p.Version, g.Version, m.Version, v.Version);
        Tensor.AdamStepInPlace(p, g, m, v, null, 1e-3, 0.9, 0.999, 1e-8, 1);
        Assert.That((p.Version, g.Version, m.Version, v.Version), Is.EqualTo((before.Item1 + 1, before.Item2, before.Item3 + 1, before.Item4 + 1)));
    }

    [Test]
    public void FusedStepRefusesBadOperandsBeforeWriting()
    {
        using var p = Tensor.Ones([3], DType.Float32).RequiresGrad_();
        using var g = Tensor.Ones([3], DType.Float32);
        using var m = Tensor.Zeros([3], DType.Float32);
        using var v = Tensor.Zeros([3], DType.Float32);
        using var wrongShape = Tensor.Zeros([4], DType.Float32);
        using var wrongType = Tensor.Zeros([3], DType.Float64);

        var grad = Assert.Throws<InvalidOperationException>(() => Tensor.AdamStepInPlace(p, g, m, v, null, 1e-3, 0.9, 0.999, 1e-8, 1))!;
        Assert.That(grad.Message, Does.Contain("NoGrad"));
        using var noGrad = Tensor.NoGrad();
        Assert.That(Assert.Throws<ArgumentException>(() => Tensor.AdamStepInPlace(p, g, wrongShape, v, null, 1e-3, 0.9, 0.999, 1e-8, 1))!.Message,
            Does.Contain("float32 [3]").And.Contain("tensor 2 is float32 [4]"));
        Assert.That(Assert.Throws<ArgumentException>(() => Tensor.AdamStepInPlace(p, g, m, wrongType, null, 1e-3, 0.9, 0.999, 1e-8, 1))!.Message,
            Does.Contain("tensor 3 is float64 [3]"));
        Assert.That(Assert.Throws<ArgumentException>(() => Tensor.AdamStepInPlace(p, g, m, m, null, 1e-3, 0.9, 0.999, 1e-8, 1))!.Message,
            Does.Contain("tensors 2 and 3 share memory"));
        Assert.That(p.ToFloatArray(), Is.EqualTo(new[] { 1f, 1f, 1f }));
        Assert.That(m.ToFloatArray(), Is.EqualTo(new[] { 0f, 0f, 0f }));
    }
}
