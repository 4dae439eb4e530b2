using Autograd.Nn;

namespace Autograd.Tests.Nn;

public class LayerTests
{
    private static Tensor Input(ulong seed, params int[] shape) =>
        Tensor.Randn(shape, new Generator(seed), DType.Float64, requiresGrad: true);

    /// <summary>Gradchecks a layer's forward with respect to its input and every parameter.</summary>
    private static void GradCheckLayer(Module layer, Func<Tensor, Tensor> forward, Tensor input)
    {
        var parameters = layer.Parameters().ToArray();
        Autodiff.GradCheck(x => forward(x[0]), [input, .. parameters]);
    }

    [Test]
    public void LinearComputesXTimesWeightTransposedPlusBias()
    {
        var layer = new Linear(2, 3, dtype: DType.Float64);
        using (Tensor.NoGrad())
        {
            layer.Weight.CopyFrom(Tensor.From([1.0, 2, 3, 4, 5, 6], 3, 2));
            layer.Bias!.CopyFrom(Tensor.From([0.5, -1, 0]));
        }
        using var x = Tensor.From([1.0, -1, 2, 0], 2, 2);
        using var y = layer.Forward(x);
        Assert.That(y.Shape, Is.EqualTo(new[] { 2, 3 }));
        Assert.That(y.ToDoubleArray(), Is.EqualTo(new[] { -0.5, -2, -1, 2.5, 5, 10 }));
    }

    [Test]
    public void LinearPassesGradCheckOnBatchedInput()
    {
        var layer = new Linear(4, 3, generator: new Generator(1), dtype: DType.Float64);
        GradCheckLayer(layer, layer.Forward, Input(2, 2, 3, 4));
    }

    [Test]
    public void LinearWithoutBiasHasOnlyAWeight()
    {
        var layer = new Linear(4, 3, bias: false);
        Assert.That(layer.NamedParameters().Select(p => p.Name), Is.EqualTo(new[] { "weight" }));
        Assert.That(layer.Bias, Is.Null);
        Assert.That(layer.ToString(), Is.EqualTo("Linear(in_features=4, out_features=3, bias=False)"));
    }

    [Test]
    public void LinearInitialisationIsBoundedByOneOverSqrtFanIn()
    {
        var layer = new Linear(64, 256, generator: new Generator(5));
        double bound = 1 / Math.Sqrt(64);
        var w = layer.Weight.ToDoubleArray();
        var b = layer.Bias!.ToDoubleArray();
        Assert.That(w.Max(), Is.LessThan(bound).And.GreaterThan(0.98 * bound));
        Assert.That(w.Min(), Is.GreaterThanOrEqualTo(-bound).And.LessThan(-0.98 * bound));
        Assert.That(b.All(v => Math.Abs(v) <= bound), Is.True);
        Assert.That(b.Distinct().Count(), Is.EqualTo(256), "the bias is drawn, not constant");
    }

    [Test]
    public void LinearRejectsAnInputOfTheWrongWidth()
    {
        var layer = new Linear(4, 3);
        using var x = Tensor.Zeros(2, 5);
        var ex = Assert.Throws<ArgumentException>(() => layer.Forward(x));
        Assert.That(ex!.Message, Does.StartWith("linear:").And.Contain("[3, 4]").And.Contain("[2, 5]"));
    }
}
