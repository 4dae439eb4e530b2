using Autograd.Nn;

namespace Autograd.Tests.Nn;

public class InitTests
{
    private static (double Min, double Max, double Mean, double Var) Stats(Tensor t)
    {
        var v = t.ToDoubleArray();
        double mean = v.Average();
        return (v.Min(), v.Max(), mean, v.Sum(x => (x - mean) * (x - mean)) / v.Length);
    }

    [Test]
    public void FansCountInputAndOutputChannelsTimesTheKernel()
    {
        using var conv = Tensor.Zeros(8, 3, 5, 5);
        using var linear = Tensor.Zeros(4, 7);
        Assert.That(Init.CalculateFanInAndFanOut(conv), Is.EqualTo((75, 200)));
        Assert.That(Init.CalculateFanInAndFanOut(linear), Is.EqualTo((7, 4)));
        using var vector = Tensor.Zeros(3);
        Assert.That(() => Init.CalculateFanInAndFanOut(vector), Throws.ArgumentException.With.Message.Contain("[3]"));
    }

    [Test]
    public void KaimingUniformWithASqrt5IsBoundedByOneOverSqrtFanIn()
    {
        // gain = √(2 / (1 + 5)) = √(1/3), so the bound √3 · gain / √fan_in = 1/√fan_in = 0.1 for fan_in 100.
        using var w = Tensor.Zeros([200, 100], DType.Float64, requiresGrad: true);
        Init.KaimingUniform(w, a: Math.Sqrt(5), generator: new Generator(3));
        var (min, max, mean, variance) = Stats(w);
        Assert.That(min, Is.GreaterThanOrEqualTo(-0.1));
        Assert.That(max, Is.LessThan(0.1));
        Assert.That(max, Is.GreaterThan(0.099), "20 000 samples reach close to the bound");
        Assert.That(mean, Is.EqualTo(0).Within(0.002));
        Assert.That(variance, Is.EqualTo(0.01 / 3).Within(0.0001), "U(-b, b) has variance b²/3");
        Assert.That(w.RequiresGrad && w.IsLeaf, Is.True, "initialising a parameter keeps it a trainable leaf");
    }

    [Test]
    public void KaimingNormalForReluHasStdSqrtTwoOverFan()
    {
        using var w = Tensor.Zeros([100, 50, 2, 2], DType.Float64);
        Init.KaimingNormal(w, nonlinearity: Nonlinearity.Relu, mode: FanMode.FanOut, generator: new Generator(4));
        var (_, _, mean, variance) = Stats(w);
        Assert.That(mean, Is.EqualTo(0).Within(0.003));
        Assert.That(variance, Is.EqualTo(2.0 / 400).Within(0.0002));
    }

    [Test]
    public void XavierUniformIsBoundedBySqrtSixOverFanSum()
    {
        using var w = Tensor.Zeros([60, 90], DType.Float64);
        Init.XavierUniform(w, gain: 2, generator: new Generator(5));
        double bound = 2 * Math.Sqrt(6.0 / 150);
        var (min, max, _, _) = Stats(w);
        Assert.That(min, Is.GreaterThanOrEqualTo(-bound).And.LessThan(-0.99 * bound));
        Assert.That(max, Is.LessThan(bound).And.GreaterThan(0.99 * bound));
    }

    [Test]
    public void NormalHasTheRequestedMeanAndStd()
    {
        using var w = Tensor.Zeros([20000], DType.Float64);
        Init.Normal(w, mean: 3, std: 0.5, generator: new Generator(6));
        var (_, _, mean, variance) = Stats(w);
        Assert.That(mean, Is.EqualTo(3).Within(0.01));
        Assert.That(Math.Sqrt(variance), Is.EqualTo(0.5).Within(0.01));
    }

    [Test]
    public void TheSameSeedGivesTheSameWeights()
    {
        using var a = Tensor.Zeros(5, 4);
        using var b = Tensor.Zeros(5, 4);
        Init.KaimingUniform(a, generator: new Generator(11));
        Init.KaimingUniform(b, generator: new Generator(11));
        Assert.That(a.ToFloatArray(), Is.EqualTo(b.ToFloatArray()));
    }

    [Test]
    public void KaimingInitOfAZeroElementTensorIsANoOp()
    {
        using var empty = Tensor.Zeros(5, 0);
        Assert.That(Init.KaimingUniform(empty), Is.SameAs(empty));
        Assert.That(Init.KaimingNormal(empty, mode: FanMode.FanOut), Is.SameAs(empty));
        Assert.That(empty.Shape, Is.EqualTo(new[] { 5, 0 }));
    }

    [Test]
    public void LinearWithZeroInputFeaturesBuildsAndOutputsItsZeroBias()
    {
        var layer = new Linear(0, 5, generator: new Generator(1));
        Assert.That(layer.Weight.Shape, Is.EqualTo(new[] { 5, 0 }));
        Assert.That(layer.Bias!.ToDoubleArray(), Is.All.EqualTo(0), "PyTorch's bias bound is 0 when fan_in is 0");
        using var x = Tensor.Zeros(2, 0);
        using var y = layer.Forward(x);
        Assert.That(y.Shape, Is.EqualTo(new[] { 2, 5 }));
        Assert.That(y.ToDoubleArray(), Is.All.EqualTo(0));
    }

    [Test]
    public void GainsMatchPyTorch()
    {
        Assert.That(Init.CalculateGain(Nonlinearity.Relu), Is.EqualTo(Math.Sqrt(2)));
        Assert.That(Init.CalculateGain(Nonlinearity.Tanh), Is.EqualTo(5.0 / 3));
        Assert.That(Init.CalculateGain(Nonlinearity.LeakyRelu, Math.Sqrt(5)), Is.EqualTo(Math.Sqrt(1.0 / 3)).Within(1e-15));
        Assert.That(Init.CalculateGain(Nonlinearity.Sigmoid), Is.EqualTo(1));
    }
}
