using Autograd.Nn;

namespace Autograd.Tests.Nn;

public class AttentionTests
{
    private static Tensor Input(ulong seed, params int[] shape) =>
        Tensor.Randn(shape, new Generator(seed), DType.Float64, requiresGrad: true);

    [Test]
    public void ParametersFollowMcanNames()
    {
        var att = new MultiHeadAttention(8, 2);
        Assert.That(att.NamedParameters().Select(p => p.Name), Is.EqualTo(new[]
        {
            "linear_v.weight", "linear_v.bias", "linear_k.weight", "linear_k.bias",
            "linear_q.weight", "linear_q.bias", "linear_merge.weight", "linear_merge.bias",
        }));
        Assert.That(att.ParameterCount(), Is.EqualTo(4 * (64 + 8)));
    }

    [Test]
    public void OutputHasTheQueryLengthAndMaskedKeysHaveNoInfluence()
    {
        var att = new MultiHeadAttention(4, 2, dropout: 0.1, generator: new Generator(1), dtype: DType.Float64);
        att.Eval();
        using var q = Input(2, 2, 3, 4);
        using var kv = Input(3, 2, 5, 4);
        using var mask = Tensor.From([false, false, false, true, true, false, false, false, false, true], 2, 1, 1, 5);
        using var y = att.Forward(kv, kv, q, mask);
        Assert.That(y.Shape, Is.EqualTo(new[] { 2, 3, 4 }));

        // Changing the masked key/value positions (sample 0: 3, 4; sample 1: 4) must not change the output.
        var changed = kv.ToDoubleArray();
        foreach (int position in new[] { 3 * 4, 4 * 4, 5 * 4 + 4 * 4 })
            for (int i = 0; i < 4; i++) changed[position + i] += 10;
        using var kv2 = Tensor.From(changed, 2, 5, 4);
        using var y2 = att.Forward(kv2, kv2, q, mask);
        Assert.That(y2.ToDoubleArray(), Is.EqualTo(y.ToDoubleArray()).Within(1e-12));
    }

    [Test]
    public void WithOneHeadAndIdentityProjectionsItIsSoftmaxOfScaledScoresTimesValues()
    {
        var att = new MultiHeadAttention(2, 1, dropout: 0, dtype: DType.Float64);
        using (Tensor.NoGrad())
            foreach (var (name, p) in att.NamedParameters())
            {
                if (name.EndsWith("weight", StringComparison.Ordinal)) p.CopyFrom(Tensor.Eye(2, dtype: DType.Float64));
                else p.ZeroInPlace();
            }
        using var q = Tensor.From([1.0, 0], 1, 1, 2);
        using var k = Tensor.From([1.0, 0, 0, 1], 1, 2, 2);
        using var v = Tensor.From([10.0, 0, 0, 20], 1, 2, 2);
        using var y = att.Forward(v, k, q);
        // Scores q·k / √2 = [1/√2, 0].
        double w0 = 1 / (1 + Math.Exp(-1 / Math.Sqrt(2)));
        Assert.That(y.ToDoubleArray(), Is.EqualTo(new[] { 10 * w0, 20 * (1 - w0) }).Within(1e-12));
    }

    [Test]
    public void PassesGradCheckWithAMask()
    {
        var att = new MultiHeadAttention(4, 2, dropout: 0, generator: new Generator(4), dtype: DType.Float64);
        using var v = Input(5, 1, 3, 4);
        using var k = Input(6, 1, 3, 4);
        using var q = Input(7, 1, 2, 4);
        using var mask = Tensor.From([false, true, false], 1, 1, 1, 3);
        var parameters = att.Parameters().ToArray();
        Autodiff.GradCheck(x => att.Forward(x[0], x[1], x[2], mask), [v, k, q, .. parameters]);
    }

    [Test]
    public void DropoutOnTheAttentionMapOnlyActsInTraining()
    {
        var att = new MultiHeadAttention(4, 2, dropout: 0.5, generator: new Generator(8), dtype: DType.Float64);
        using var x = Input(9, 1, 4, 4);
        using var a = att.Forward(x, x, x);
        using var b = att.Forward(x, x, x);
        Assert.That(a.ToDoubleArray(), Is.Not.EqualTo(b.ToDoubleArray()));
        att.Eval();
        using var c = att.Forward(x, x, x);
        using var d = att.Forward(x, x, x);
        Assert.That(c.ToDoubleArray(), Is.EqualTo(d.ToDoubleArray()));
    }

    [Test]
    public void RejectsAHiddenSizeThatHeadsDoNotDivide()
    {
        Assert.That(() => new MultiHeadAttention(6, 4), Throws.ArgumentException.With.Message.Contain("6").And.Message.Contain("4"));
    }
}
