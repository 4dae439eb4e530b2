using Autograd.Nn;

namespace Autograd.Tests.Nn;

public class DropoutTests
{
    [Test]
    public void TrainingZeroesAboutPAndScalesTheSurvivors()
    {
        var dropout = new Dropout(0.3, new Generator(1));
        using var x = Tensor.Ones([100, 100], DType.Float64);
        using var y = dropout.Forward(x);
        var values = y.ToDoubleArray();
        double zeroFraction = values.Count(v => v == 0) / (double)values.Length;
        Assert.That(zeroFraction, Is.EqualTo(0.3).Within(0.02));
        Assert.That(values.Where(v => v != 0), Has.All.EqualTo(1 / 0.7).Within(1e-12));
    }

    [Test]
    public void EvaluationIsTheIdentity()
    {
        var dropout = new Dropout(0.5);
        dropout.Eval();
        using var x = Tensor.Randn([4, 5], new Generator(2));
        Assert.That(dropout.Forward(x), Is.SameAs(x));
    }

    [Test]
    public void TheSameSeedGivesTheSameMask()
    {
        using var x = Tensor.Ones(50);
        using var a = new Dropout(0.5, new Generator(7)).Forward(x);
        using var b = new Dropout(0.5, new Generator(7)).Forward(x);
        using var c = new Dropout(0.5, new Generator(8)).Forward(x);
        Assert.That(a.ToFloatArray(), Is.EqualTo(b.ToFloatArray()));
        Assert.That(a.ToFloatArray(), Is.Not.EqualTo(c.ToFloatArray()));
    }

    [Test]
    public void GradientFlowsOnlyThroughKeptElementsWithTheSameScale()
    {
        using var x = Tensor.Ones([200], DType.Float64, requiresGrad: true);
        using var y = Functional.Dropout(x, 0.25, training: true, new Generator(3));
        using var loss = y.Sum();
        loss.Backward();
        Assert.That(x.Grad!.ToDoubleArray(), Is.EqualTo(y.ToDoubleArray()), "dy/dx is the scaled mask, which equals y for x = 1");
    }

    [Test]
    public void PassesGradCheckWithAFixedMask()
    {
        using var x = Tensor.Randn([3, 4], new Generator(4), DType.Float64, requiresGrad: true);
        // A fresh generator per call keeps the mask fixed across gradcheck's evaluations.
        Autodiff.GradCheck(p => Functional.Dropout(p[0], 0.4, training: true, new Generator(5)), [x]);
    }

    [Test]
    public void ProbabilityOneDropsEverythingAndInvalidProbabilitiesAreRejected()
    {
        using var x = Tensor.Ones(5);
        using var y = Functional.Dropout(x, 1.0);
        Assert.That(y.ToFloatArray(), Has.All.EqualTo(0f));
        Assert.That(() => new Dropout(1.5), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contain("1.5"));
    }
}
