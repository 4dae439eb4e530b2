using Autograd.Nn;

namespace Autograd.Tests.Nn;

public class NormalizationTests
{
    private static Tensor Input(ulong seed, params int[] shape) =>
        Tensor.Randn(shape, new Generator(seed), DType.Float64, requiresGrad: true);

    private static (double Mean, double Var) Moments(IEnumerable<double> values)
    {
        var v = values.ToArray();
        double mean = v.Average();
        return (mean, v.Sum(x => (x - mean) * (x - mean)) / v.Length);
    }

    [Test]
    public void LayerNormGivesEachSampleZeroMeanAndUnitVariance()
    {
        var norm = new LayerNorm(6, dtype: DType.Float64);
        Assert.That(norm.Weight!.ToDoubleArray(), Has.All.EqualTo(1.0));
        Assert.That(norm.Bias!.ToDoubleArray(), Has.All.EqualTo(0.0));
        using var x = Input(1, 3, 6);
        using var y = norm.Forward(x);
        var values = y.ToDoubleArray();
        for (int row = 0; row < 3; row++)
        {
            var (mean, variance) = Moments(values.Skip(6 * row).Take(6));
            Assert.That(mean, Is.EqualTo(0).Within(1e-12));
            Assert.That(variance, Is.EqualTo(1).Within(1e-4), "biased variance, up to eps");
        }
    }

    [Test]
    public void LayerNormPassesGradCheckOverTwoTrailingDimensions()
    {
        var norm = new LayerNorm([2, 3], dtype: DType.Float64);
        using (Tensor.NoGrad())
        {
            norm.Weight!.CopyFrom(Tensor.From([0.5, 1, 2, -1, 1.5, 3], 2, 3));
            norm.Bias!.CopyFrom(Tensor.From([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], 2, 3));
        }
        using var x = Input(2, 2, 2, 3);
        Autodiff.GradCheck(p => norm.Forward(p[0]), [x, norm.Weight!, norm.Bias!]);
    }

    [Test]
    public void LayerNormRejectsAMismatchedShape()
    {
        var norm = new LayerNorm(4);
        using var x = Tensor.Zeros(2, 5);
        Assert.That(() => norm.Forward(x), Throws.ArgumentException.With.Message.Contain("[2, 5]").And.Message.Contain("[4]"));
    }

    [Test]
    public void BatchNormTrainingNormalisesPerChannelAndUpdatesRunningStatistics()
    {
        var norm = new BatchNorm1d(2, dtype: DType.Float64);
        using var x = Tensor.From([1.0, 10, 2, 20, 3, 30, 6, 40], 4, 2);
        using var y = norm.Forward(x);
        var values = y.ToDoubleArray();
        var (mean0, var0) = Moments(values.Where((_, i) => i % 2 == 0));
        Assert.That(mean0, Is.EqualTo(0).Within(1e-12));
        Assert.That(var0, Is.EqualTo(1).Within(1e-4));
        // Channel 0 is {1, 2, 3, 6}: mean 3, unbiased variance 14/3; channel 1 is {10, 20, 30, 40}: mean 25, variance 500/3.
        Assert.That(norm.RunningMean!.ToDoubleArray(), Is.EqualTo(new[] { 0.3, 2.5 }).Within(1e-12));
        Assert.That(norm.RunningVar!.ToDoubleArray(), Is.EqualTo(new[] { 0.9 + 1.4 / 3, 0.9 + 50.0 / 3 }).Within(1e-12));
        Assert.That(norm.NumBatchesTracked!.Item(), Is.EqualTo(1));
    }

    [Test]
    public void BatchNormEvaluationUsesTheRunningStatistics()
    {
        var norm = new BatchNorm2d(2, dtype: DType.Float64);
        using (Tensor.NoGrad())
        {
            norm.RunningMean!.CopyFrom(Tensor.From([1.0, -1]));
            norm.RunningVar!.CopyFrom(Tensor.From([4.0, 0.25]));
        }
        norm.Eval();
        using var x = Tensor.From([3.0, 5, 0, 1], 1, 2, 1, 2);
        using var y = norm.Forward(x);
        double s0 = Math.Sqrt(4 + 1e-5), s1 = Math.Sqrt(0.25 + 1e-5);
        Assert.That(y.ToDoubleArray(), Is.EqualTo(new[] { 2 / s0, 4 / s0, 1 / s1, 2 / s1 }).Within(1e-12));
        Assert.That(norm.NumBatchesTracked!.Item(), Is.EqualTo(0), "evaluation does not touch the statistics");
    }

    [Test]
    public void BatchNormWithoutMomentumKeepsACumulativeAverage()
    {
        var norm = new BatchNorm1d(1, momentum: null, dtype: DType.Float64);
        using var a = Tensor.From([1.0, 3], 2, 1);
        using var b = Tensor.From([5.0, 7], 2, 1);
        norm.Forward(a).Dispose();
        norm.Forward(b).Dispose();
        Assert.That(norm.RunningMean!.ToDoubleArray(), Is.EqualTo(new[] { 4.0 }).Within(1e-12), "the mean of the batch means 2 and 6");
    }

    [Test]
    public void BatchNorm2dPassesGradCheckInTraining()
    {
        var norm = new BatchNorm2d(2, dtype: DType.Float64);
        using (Tensor.NoGrad())
        {
            norm.Weight!.CopyFrom(Tensor.From([1.5, -0.5]));
            norm.Bias!.CopyFrom(Tensor.From([0.2, 0.1]));
        }
        using var x = Input(3, 2, 2, 2, 3);
        Autodiff.GradCheck(p => norm.Forward(p[0]), [x, norm.Weight!, norm.Bias!]);
    }

    [Test]
    public void BatchNorm1dPassesGradCheckInEvaluation()
    {
        var norm = new BatchNorm1d(3, dtype: DType.Float64);
        norm.Eval();
        using var x = Input(4, 2, 3, 4);
        Autodiff.GradCheck(p => norm.Forward(p[0]), [x, norm.Weight!, norm.Bias!]);
    }

    [Test]
    public void BatchNormRejectsTheWrongChannelCountAndSingleValueBatches()
    {
        var norm = new BatchNorm1d(3);
        using var wrong = Tensor.Zeros(4, 2);
        Assert.That(() => norm.Forward(wrong), Throws.ArgumentException.With.Message.Contain("C = 3").And.Message.Contain("[4, 2]"));
        using var single = Tensor.Zeros(1, 3);
        Assert.That(() => norm.Forward(single), Throws.ArgumentException.With.Message.Contain("more than 1 value per channel"));
        Assert.That(norm.NumBatchesTracked!.Item(), Is.EqualTo(0));
    }

    [Test]
    public void BatchNormStateDictUsesPyTorchNames()
    {
        Assert.That(new BatchNorm2d(3).StateDict().Keys,
            Is.EqualTo(new[] { "weight", "bias", "running_mean", "running_var", "num_batches_tracked" }));
    }
}
