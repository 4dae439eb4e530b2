using Autograd.Nn;

namespace Autograd.Tests.Nn;

using Reduction = Autograd.Nn.Reduction;

public class LossTests
{
    private static Tensor Randn(ulong seed, params int[] shape) =>
        Tensor.Randn(shape, new Generator(seed), DType.Float64).RequiresGrad_();

    private static double[] Values(Tensor t) => t.ToDoubleArray();

    [TestCase(Reduction.Mean)]
    [TestCase(Reduction.Sum)]
    [TestCase(Reduction.None)]
    public void CrossEntropyGradientsMatchFiniteDifferencesWithWeightsIgnoreAndSmoothing(Reduction reduction)
    {
        var logits = Randn(1, 5, 4);
        var target = Tensor.From([0, 3, -100, 1, 3], 5);
        var weight = Tensor.From([0.5, 2.0, 1.0, 3.0], 4);
        Autodiff.GradCheck(x => Losses.CrossEntropy(x[0], target, reduction, weight: weight, labelSmoothing: 0.2), [logits]);
    }

    [Test]
    public void CrossEntropyGradientsMatchFiniteDifferencesOnTransposedLogits()
    {
        var logitsT = Randn(2, 4, 6);
        var target = Tensor.From([1, 0, 3, 2, 2, 1], 6);
        Autodiff.GradCheck(x => Losses.CrossEntropy(x[0].T, target), [logitsT]);
    }

    [TestCase(Reduction.Mean)]
    [TestCase(Reduction.Sum)]
    [TestCase(Reduction.None)]
    public void UnweightedLossesWithoutIgnoredTargetsEqualTheWeightedPathWithUnitWeightsBitForBit(Reduction reduction)
    {
        // Without weights or ignored targets the losses take a shorter composition; it must agree exactly, gradients included.
        var target = Tensor.From([2, 0, 2, 1, 0, 1, 1], 7);
        var ones = Tensor.Ones([3], DType.Float32);
        foreach (bool nll in new[] { false, true })
        {
            var plain = Tensor.Randn([7, 3], new Generator(9)).RequiresGrad_();
            var weighted = plain.Detach().Clone().RequiresGrad_();
            var fast = nll ? Losses.NllLoss(plain.LogSoftmax(1), target, reduction) : Losses.CrossEntropy(plain, target, reduction);
            var general = nll ? Losses.NllLoss(weighted.LogSoftmax(1), target, reduction, weight: ones) : Losses.CrossEntropy(weighted, target, reduction, weight: ones);
            Assert.That(fast.ToArray<float>(), Is.EqualTo(general.ToArray<float>()), $"nll = {nll}");
            fast.Sum().Backward();
            general.Sum().Backward();
            Assert.That(plain.Grad!.ToArray<float>(), Is.EqualTo(weighted.Grad!.ToArray<float>()), $"gradient, nll = {nll}");
        }
    }

    [Test]
    public void WeightedMeanDividesByTheSumOfTheTargetsWeights()
    {
        var logits = Randn(3, 4, 3);
        var target = Tensor.From([2, 0, 2, 1], 4);
        var weight = Tensor.From([1.0, 2.0, 4.0], 3);
        var perSample = Values(Losses.CrossEntropy(logits, target, Reduction.None));
        double numerator = 4 * perSample[0] + 1 * perSample[1] + 4 * perSample[2] + 2 * perSample[3];
        double expected = numerator / (4 + 1 + 4 + 2);
        Assert.That(Losses.CrossEntropy(logits, target, weight: weight).Item(), Is.EqualTo(expected).Within(1e-12));
    }

    [Test]
    public void LabelSmoothingFollowsPyTorchsFormulaWithWeightsAndIgnoredTargets()
    {
        var logits = Randn(4, 3, 4);
        var target = Tensor.From([1, -100, 3], 3);
        double[] w = [0.5, 1.5, 1.0, 2.0];
        var weight = Tensor.From(w, 4);
        const double eps = 0.3;
        var logp = Values(logits.LogSoftmax(1));
        double nll = 0, smooth = 0, denominator = 0;
        foreach (var (n, t) in new[] { (0, 1), (2, 3) })
        {
            nll += -w[t] * logp[n * 4 + t];
            denominator += w[t];
            for (int c = 0; c < 4; c++) smooth += -w[c] * logp[n * 4 + c];
        }
        double expected = (1 - eps) * nll / denominator + eps / 4 * smooth / denominator;
        var loss = Losses.CrossEntropy(logits, target, weight: weight, labelSmoothing: eps);
        Assert.That(loss.Item(), Is.EqualTo(expected).Within(1e-12));
    }

    [Test]
    public void IgnoredTargetsGetNoLossAndNoGradient()
    {
        var logits = Randn(5, 3, 4);
        var target = Tensor.From([2, 7, 0], 3);
        var loss = Losses.CrossEntropy(logits, target, Reduction.None, ignoreIndex: 7);
        Assert.That(Values(loss)[1], Is.EqualTo(0));
        loss.Sum().Backward();
        Assert.That(Values(logits.Grad!).Skip(4).Take(4), Is.All.EqualTo(0));
    }

    [Test]
    public void MeanOverOnlyIgnoredTargetsIsNaNAsInPyTorch()
    {
        var logits = Randn(6, 2, 3);
        var target = Tensor.From([-100, -100], 2);
        Assert.That(Losses.CrossEntropy(logits, target).Item(), Is.NaN);
    }

    [Test]
    public void SpatialCrossEntropyEqualsTheFlattenedOne()
    {
        var logits = Randn(7, 2, 3, 4);
        var target = Tensor.From([0, 2, 1, 1, 0, 2, 2, 2], 2, 4);
        var flatLogits = logits.Permute(0, 2, 1).Reshape(8, 3);
        double spatial = Losses.CrossEntropy(logits, target).Item();
        double flat = Losses.CrossEntropy(flatLogits, target.Reshape(8)).Item();
        Assert.That(spatial, Is.EqualTo(flat).Within(1e-12));
    }

    [Test]
    public void SingleSampleCrossEntropyTakesA0DTarget()
    {
        var logits = Randn(8, 4);
        var target = Tensor.Scalar(2, DType.Int32);
        var logp = Values(logits.LogSoftmax(0));
        Assert.That(Losses.CrossEntropy(logits, target).Item(), Is.EqualTo(-logp[2]).Within(1e-12));
    }

    [Test]
    public void OutOfRangeTargetsAreRejectedByValue()
    {
        var logits = Randn(9, 2, 3);
        var ex = Assert.Throws<ArgumentException>(() => Losses.CrossEntropy(logits, Tensor.From([1, 3], 2)));
        Assert.That(ex!.Message, Does.Contain("target 3").And.Contain("3 classes"));
    }

    [Test]
    public void WrongTargetShapeNamesBothShapes()
    {
        var logits = Randn(10, 4, 3);
        var ex = Assert.Throws<ArgumentException>(() => Losses.NllLoss(logits, Tensor.From([1, 2, 0], 3)));
        Assert.That(ex!.Message, Does.Contain("[4, 3]").And.Contain("[4]").And.Contain("[3]"));
    }

    [Test]
    public void FloatTargetsAreRejected()
    {
        var logits = Randn(11, 2, 3);
        var ex = Assert.Throws<ArgumentException>(() => Losses.CrossEntropy(logits, Tensor.From([1.0, 2.0], 2)));
        Assert.That(ex!.Message, Does.Contain("Int32"));
    }

    [Test]
    public void NllLossGradientsMatchFiniteDifferences()
    {
        var logp = Randn(12, 4, 5);
        var target = Tensor.From([4, 0, 0, 2], 4);
        var weight = Tensor.From([1.0, 0.5, 2.0, 1.0, 3.0], 5);
        Autodiff.GradCheck(x => Losses.NllLoss(x[0], target, weight: weight), [logp]);
    }

    [TestCase(Reduction.Mean)]
    [TestCase(Reduction.Sum)]
    [TestCase(Reduction.None)]
    public void MseAndL1GradientsMatchFiniteDifferences(Reduction reduction)
    {
        var x = Randn(13, 3, 4);
        var t = Randn(14, 3, 4);
        Autodiff.GradCheck(v => Losses.MseLoss(v[0], v[1], reduction), [x, t]);
        Autodiff.GradCheck(v => Losses.L1Loss(v[0], v[1], reduction), [x, t]);
    }

    [Test]
    public void MseIsTheMeanOfSquaredDifferences()
    {
        var x = Tensor.From([1.0, 2.0, 3.0, 4.0], 2, 2);
        var t = Tensor.From([0.0, 2.0, 5.0, 4.5], 2, 2);
        Assert.That(Losses.MseLoss(x, t).Item(), Is.EqualTo((1 + 0 + 4 + 0.25) / 4));
        Assert.That(Losses.L1Loss(x, t, Reduction.Sum).Item(), Is.EqualTo(1 + 0 + 2 + 0.5));
    }

    [Test]
    public void RegressionLossesRejectDifferentShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Losses.MseLoss(Tensor.Zeros(3, 1), Tensor.Zeros(3)));
        Assert.That(ex!.Message, Does.Contain("mse_loss").And.Contain("[3]").And.Contain("[3, 1]"));
    }

    [Test]
    public void BinaryCrossEntropyGradientsMatchFiniteDifferences()
    {
        var p = Tensor.From([0.1, 0.5, 0.9, 0.3, 0.7, 0.05], 2, 3).RequiresGrad_();
        var t = Tensor.From([0.0, 1.0, 1.0, 0.5, 0.0, 1.0], 2, 3);
        var w = Tensor.From([1.0, 2.0, 0.5], 3);
        Autodiff.GradCheck(x => Losses.BinaryCrossEntropy(x[0], t, weight: w), [p]);
    }

    [Test]
    public void SaturatedProbabilitiesGiveTheClampedLossAndNoNaNGradient()
    {
        var p = Tensor.From([0.0, 1.0], 2).RequiresGrad_();
        var t = Tensor.From([1.0, 0.0], 2);
        var loss = Losses.BinaryCrossEntropy(p, t, Reduction.None);
        Assert.That(Values(loss), Is.EqualTo(new[] { 100.0, 100.0 }));
        loss.Sum().Backward();
        Assert.That(Values(p.Grad!), Has.None.NaN);
    }

    [Test]
    public void BinaryCrossEntropyRejectsNonProbabilities()
    {
        var ex = Assert.Throws<ArgumentException>(() => Losses.BinaryCrossEntropy(Tensor.From([0.5, 1.5], 2), Tensor.From([0.0, 1.0], 2)));
        Assert.That(ex!.Message, Does.Contain("[0, 1]").And.Contain("1.5"));
    }

    [Test]
    public void BinaryCrossEntropyRejectsNaNInputs()
    {
        var ex = Assert.Throws<ArgumentException>(() => Losses.BinaryCrossEntropy(Tensor.From([0.5, double.NaN], 2), Tensor.From([0.0, 1.0], 2)));
        Assert.That(ex!.Message, Does.Contain("binary_cross_entropy").And.Contain("[0, 1]").And.Contain("NaN"));

        var probabilities = Enumerable.Range(0, 1000).Select(i => i / 999f).ToArray();
        probabilities[517] = float.NaN;
        Assert.Throws<ArgumentException>(() => Losses.BinaryCrossEntropy(Tensor.From(probabilities, 1000), Tensor.ZerosLike(Tensor.From(probabilities, 1000))),
            "a NaN in the middle of a large float32 input is caught too");
    }

    [Test]
    public void BceWithLogitsIsExactAndFiniteForLogitsOfPlusMinus100()
    {
        var x = Tensor.From([100.0, -100.0, 100.0, -100.0], 4).RequiresGrad_();
        var t = Tensor.From([0.0, 1.0, 1.0, 0.0], 4);
        var loss = Losses.BinaryCrossEntropyWithLogits(x, t, Reduction.None);
        var values = Values(loss);
        Assert.That(values[0], Is.EqualTo(100.0));
        Assert.That(values[1], Is.EqualTo(100.0));
        Assert.That(values[2], Is.EqualTo(Math.Exp(-100)).Within(1e-55));
        Assert.That(values[3], Is.EqualTo(Math.Exp(-100)).Within(1e-55));
        loss.Sum().Backward();
        Assert.That(Values(x.Grad!), Is.EqualTo(new[] { 1.0, -1.0, 0.0, 0.0 }).Within(1e-40));
    }

    [Test]
    public void BceWithLogitsGradientIsSigmoidMinusTargetAtZero()
    {
        var x = Tensor.From([0.0, 0.0], 2).RequiresGrad_();
        var t = Tensor.From([0.0, 1.0], 2);
        Losses.BinaryCrossEntropyWithLogits(x, t, Reduction.Sum).Backward();
        Assert.That(Values(x.Grad!), Is.EqualTo(new[] { 0.5, -0.5 }));
    }

    [Test]
    public void BceWithLogitsGradientsMatchFiniteDifferencesWithWeightAndPosWeight()
    {
        var x = Randn(15, 3, 2);
        var t = Tensor.From([0.0, 1.0, 1.0, 0.3, 0.0, 1.0], 3, 2);
        var w = Tensor.From([0.5, 2.0], 2);
        var posWeight = Tensor.From([3.0, 0.5], 2);
        Autodiff.GradCheck(v => Losses.BinaryCrossEntropyWithLogits(v[0], t, weight: w, posWeight: posWeight), [x]);
    }

    [Test]
    public void BceWithLogitsEqualsBceOfTheSigmoid()
    {
        var x = Randn(16, 2, 3);
        var t = Tensor.From([0.0, 1.0, 1.0, 0.2, 0.0, 1.0], 2, 3);
        double viaLogits = Losses.BinaryCrossEntropyWithLogits(x, t).Item();
        double viaProbabilities = Losses.BinaryCrossEntropy(x.Sigmoid(), t).Item();
        Assert.That(viaLogits, Is.EqualTo(viaProbabilities).Within(1e-12));
    }

    [Test]
    public void PosWeightScalesThePositiveTerm()
    {
        var x = Tensor.From([0.7], 1);
        var t = Tensor.From([1.0], 1);
        double plain = Losses.BinaryCrossEntropyWithLogits(x, t).Item();
        double weighted = Losses.BinaryCrossEntropyWithLogits(x, t, posWeight: Tensor.From([3.0], 1)).Item();
        Assert.That(weighted, Is.EqualTo(3 * plain).Within(1e-12));
    }
}
