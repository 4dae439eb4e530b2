using Autograd.Nn;

namespace Autograd.Tests.Nn;

using Reduction = Autograd.Nn.Reduction;

/// <summary>A two-layer perceptron over plain Float64 tensors, with data, for the accumulation tests (no dropout).</summary>
internal sealed class TinyClassifier
{
    public const int Samples = 16, Features = 3, Hidden = 5, Classes = 3;

    public readonly Tensor W1, B1, W2, B2, X, Y;

    public TinyClassifier(ulong seed = 7)
    {
        var g = new Generator(seed);
        W1 = (Tensor.Randn([Features, Hidden], g, DType.Float64) * 0.5).Detach().RequiresGrad_();
        B1 = Tensor.Zeros([Hidden], DType.Float64, requiresGrad: true);
        W2 = (Tensor.Randn([Hidden, Classes], g, DType.Float64) * 0.5).Detach().RequiresGrad_();
        B2 = Tensor.Zeros([Classes], DType.Float64, requiresGrad: true);
        X = Tensor.Randn([Samples, Features], g, DType.Float64);
        Y = Tensor.RandInt(0, Classes, [Samples], g);
    }

    public Tensor[] Parameters => [W1, B1, W2, B2];

    public Tensor Loss(Tensor x, Tensor y, Reduction reduction) =>
        Losses.CrossEntropy((x.MatMul(W1) + B1).Tanh().MatMul(W2) + B2, y, reduction);

    /// <summary>The loss of samples [first + start, first + start + count).</summary>
    public Tensor Loss(int first, int start, int count, Reduction reduction) =>
        Loss(X.Narrow(0, first + start, count), Y.Narrow(0, first + start, count), reduction);

    public double[] Flat() => Parameters.SelectMany(p => p.ToDoubleArray()).ToArray();

    public double[] Gradients() => Parameters.SelectMany(p => p.Grad!.ToDoubleArray()).ToArray();
}

public class GradientAccumulationTests
{
    private const int BatchSize = 8;

    private static double[] Train(Func<Tensor[], Optimizer> optimizer, int gradAccuSteps, Reduction reduction, double lossScale = 1)
    {
        var model = new TinyClassifier();
        var step = new GradientAccumulator(optimizer(model.Parameters), BatchSize, gradAccuSteps, reduction);
        for (int i = 0; i < 5; i++)
        {
            int first = i % 2 * BatchSize;
            step.Step(BatchSize, (start, count) => model.Loss(first, start, count, reduction) * lossScale);
        }
        return model.Flat();
    }

    private static Optimizer Sgd(Tensor[] p) => new Sgd(p, learningRate: 0.5, momentum: 0.9);

    private static Optimizer Adam(Tensor[] p) => new Adam(p, learningRate: 0.05);

    [TestCase(Reduction.Mean)]
    [TestCase(Reduction.Sum)]
    public void FourMicroBatchesGiveTheSameParametersAsOneBatchWithSgd(Reduction reduction)
    {
        var accumulated = Train(Sgd, 4, reduction);
        var whole = Train(Sgd, 1, reduction);
        Assert.That(accumulated, Is.EqualTo(whole).Within(1e-10));
        Assert.That(whole, Is.Not.EqualTo(new TinyClassifier().Flat()).Within(1e-3), "training must have moved the parameters");
    }

    [TestCase(Reduction.Mean)]
    [TestCase(Reduction.Sum)]
    public void FourMicroBatchesGiveTheSameParametersAsOneBatchWithAdam(Reduction reduction)
    {
        var accumulated = Train(Adam, 4, reduction);
        var whole = Train(Adam, 1, reduction);
        Assert.That(accumulated, Is.EqualTo(whole).Within(1e-10));
    }

    [Test]
    public void WithoutTheOneOverKScalingSgdTakesKTimesLargerStepsButAdamBarelyNotices()
    {
        // Multiplying every micro-batch loss by K is what skipping the 1/K division does to a mean loss.
        var sgdScaled = Train(Sgd, 4, Reduction.Mean, lossScale: 4);
        var sgd = Train(Sgd, 4, Reduction.Mean);
        var adamScaled = Train(Adam, 4, Reduction.Mean, lossScale: 4);
        var adam = Train(Adam, 4, Reduction.Mean);
        double sgdGap = sgd.Zip(sgdScaled, (a, b) => Math.Abs(a - b)).Max();
        double adamGap = adam.Zip(adamScaled, (a, b) => Math.Abs(a - b)).Max();
        Assert.That(sgdGap, Is.GreaterThan(0.05));
        Assert.That(adamGap, Is.LessThan(1e-6), "Adam divides by √v, which scales with the gradient; only ε breaks the invariance");
    }

    [Test]
    public void LossPlusLossOverKScalesGradientsByOnePlusOneOverK()
    {
        const int k = 4;
        var model = new TinyClassifier();

        // The seed's variant: loss += loss / K, then backward on every micro-batch.
        for (int i = 0; i < k; i++)
        {
            var loss = model.Loss(0, i * 2, 2, Reduction.Mean);
            loss = loss + loss / k;
            loss.Backward();
        }
        var wrong = model.Gradients();
        foreach (var p in model.Parameters) p.Grad = null;

        for (int i = 0; i < k; i++) model.Loss(0, i * 2, 2, Reduction.Mean).Backward();
        var unscaled = model.Gradients();
        foreach (var p in model.Parameters) p.Grad = null;

        model.Loss(model.X.Narrow(0, 0, BatchSize), model.Y.Narrow(0, 0, BatchSize), Reduction.Mean).Backward();
        var fullBatch = model.Gradients();

        Assert.That(wrong, Is.EqualTo(unscaled.Select(g => (1 + 1.0 / k) * g)).Within(1e-12));
        Assert.That(wrong, Is.EqualTo(fullBatch.Select(g => (k + 1) * g)).Within(1e-12), "instead of the full-batch gradient it is K + 1 times it");
    }

    [Test]
    public void AccumulatedGradientAndLossAreTheFullBatchOnesForAShortLastBatch()
    {
        var model = new TinyClassifier();
        var step = new GradientAccumulator(new Sgd(model.Parameters, learningRate: 0), batchSize: 12, gradAccuSteps: 3);
        var result = step.Step(10, (start, count) => model.Loss(0, start, count, Reduction.Mean));
        var accumulated = model.Gradients();

        foreach (var p in model.Parameters) p.Grad = null;
        var full = model.Loss(model.X.Narrow(0, 0, 10), model.Y.Narrow(0, 0, 10), Reduction.Mean);
        full.Backward();

        Assert.That(result.MicroBatches, Is.EqualTo(3), "micro-batches of 4, 4 and 2 samples");
        Assert.That(result.Loss, Is.EqualTo(full.Item()).Within(1e-12));
        Assert.That(accumulated, Is.EqualTo(model.Gradients()).Within(1e-12));
    }

    [Test]
    public void SumReducedLossIsReportedAsTheFullBatchSum()
    {
        var model = new TinyClassifier();
        var step = new GradientAccumulator(new Sgd(model.Parameters, learningRate: 0), BatchSize, 4, Reduction.Sum);
        var result = step.Step(BatchSize, (start, count) => model.Loss(0, start, count, Reduction.Sum));
        double full = model.Loss(model.X.Narrow(0, 0, BatchSize), model.Y.Narrow(0, 0, BatchSize), Reduction.Sum).Item();
        Assert.That(result.Loss, Is.EqualTo(full).Within(1e-12));
    }

    [Test]
    public void ClippingSeesTheWholeBatchsGradient()
    {
        var model = new TinyClassifier();
        model.Loss(model.X.Narrow(0, 0, BatchSize), model.Y.Narrow(0, 0, BatchSize), Reduction.Mean).Backward();
        double fullNorm = Math.Sqrt(model.Gradients().Sum(g => g * g));
        foreach (var p in model.Parameters) p.Grad = null;

        double maxNorm = fullNorm / 2;
        var step = new GradientAccumulator(new Sgd(model.Parameters, learningRate: 0), BatchSize, 4, maxGradNorm: maxNorm);
        var result = step.Step(BatchSize, (start, count) => model.Loss(0, start, count, Reduction.Mean));
        Assert.That(result.GradNorm, Is.EqualTo(fullNorm).Within(1e-12));
        Assert.That(Math.Sqrt(model.Gradients().Sum(g => g * g)), Is.EqualTo(maxNorm).Within(1e-6));
    }

    [Test]
    public void BatchSizeNotDivisibleByGradAccuStepsNamesBothValues()
    {
        var model = new TinyClassifier();
        var ex = Assert.Throws<ArgumentException>(() => new GradientAccumulator(new Sgd(model.Parameters), batchSize: 10, gradAccuSteps: 4));
        Assert.That(ex!.Message, Does.Contain("BATCH_SIZE (10)").And.Contain("GRAD_ACCU_STEPS (4)"));
    }

    [Test]
    public void UnreducedLossesAreRejected()
    {
        var model = new TinyClassifier();
        Assert.Throws<ArgumentException>(() => new GradientAccumulator(new Sgd(model.Parameters), 8, 2, Reduction.None));
        var step = new GradientAccumulator(new Sgd(model.Parameters), 8, 2);
        var ex = Assert.Throws<InvalidOperationException>(() => step.Step(8, (start, count) => model.Loss(0, start, count, Reduction.None)));
        Assert.That(ex!.Message, Does.Contain("single number"));
    }

    [Test]
    public void FourMicroBatchesNeedAboutAQuarterOfTheActivationMemory()
    {
        long ActivationBytes(int gradAccuSteps)
        {
            var device = CpuDevice.Create(12);
            var g = new Generator(3);
            var w1 = Tensor.Randn([64, 256], g).To(device).RequiresGrad_();
            var w2 = Tensor.Randn([256, 10], g).To(device).RequiresGrad_();
            var x = Tensor.Randn([256, 64], g).To(device);
            var y = Tensor.RandInt(0, 10, [256], g).To(device);
            var step = new GradientAccumulator(new Sgd([w1, w2], learningRate: 0.01), 256, gradAccuSteps);
            return step.Step(256, (start, count) => Losses.CrossEntropy(x.Narrow(0, start, count).MatMul(w1).Relu().MatMul(w2), y.Narrow(0, start, count))).ActivationBytes;
        }

        long full = ActivationBytes(1), quarter = ActivationBytes(4);
        Assert.That(full, Is.GreaterThanOrEqualTo(256 * 256 * 4), "at least the [256, 256] hidden layer");
        Assert.That((double)quarter / full, Is.EqualTo(0.25).Within(0.05));
    }
}

