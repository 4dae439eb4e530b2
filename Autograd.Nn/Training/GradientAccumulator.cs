namespace Autograd.Nn;

/// <summary>What one optimizer step did: the full-batch loss, the gradient norm before clipping (null when not clipping)
/// and how many micro-batches it took.</summary>
public sealed record AccumulationResult(double Loss, double? GradNorm, int MicroBatches)
{
    /// <summary>
    /// The activation memory of the step: over its micro-batches, the most device bytes held at the end of one
    /// forward pass beyond those held before it (the outputs and the tensors the graph saved for backward). It is
    /// proportional to the micro-batch, so GRAD_ACCU_STEPS = 4 needs about a quarter of a full batch's. Zero when not
    /// measured.
    /// </summary>
    public long ActivationBytes { get; init; }
}

/// <summary>
/// One optimizer step per batch, computed as GRAD_ACCU_STEPS forward/backward passes over micro-batches of
/// BATCH_SIZE / GRAD_ACCU_STEPS samples, so a batch that does not fit in memory at once still gets one step. The
/// gradient is exactly the full batch's for a sum-reduced loss and for a plain mean over samples, but not in general
/// for a mean with another denominator (see remarks).
/// </summary>
/// <remarks>
/// <para>Backward adds into <c>Grad</c>, so the micro-batch gradients sum. For a mean-reduced loss each micro-batch's
/// loss is first multiplied by its share of the batch's samples (1/K for K equal micro-batches), making the sum the
/// gradient of the full-batch mean; a short final batch is split the same way and weighted by the real shares. A
/// sum-reduced loss already sums, so it is not scaled. Clipping sees the complete gradient: it runs after the last
/// micro-batch, just before the step. The loss reported is the unscaled full-batch loss.</para>
/// <para>The shares count samples, so they are exact only when the loss's mean divides by the number of samples.
/// A mean that divides by anything else, such as cross-entropy with an <c>ignoreIndex</c> (mean over the targets not
/// ignored) or with class weights (Σₙ w[tₙ]·ℓₙ / Σₙ w[tₙ]), gives each micro-batch the weight of its samples instead of its
/// share of that denominator; the accumulated gradient then differs from the full batch's whenever the micro-batches'
/// denominators are not in proportion to their sizes, and so does the reported loss. For such losses use Sum and
/// divide by the whole batch's denominator inside the loss function.</para>
/// <para>BatchNorm also breaks the equivalence: it normalises with each micro-batch's own statistics, so its outputs and
/// gradients differ from a full-batch pass.</para>
/// </remarks>
/// <example><code>
/// var step = new GradientAccumulator(optimizer, batchSize: 64, gradAccuSteps: 4);
/// var result = step.Step(x.Size(0), (start, count) =>
///     Losses.CrossEntropy(model.Forward(x.Narrow(0, start, count)), y.Narrow(0, start, count)));
/// </code></example>
public sealed class GradientAccumulator
{
    /// <param name="optimizer">Stepped once per batch; its gradients are cleared before each batch.</param>
    /// <param name="batchSize">BATCH_SIZE: samples per optimizer step.</param>
    /// <param name="gradAccuSteps">GRAD_ACCU_STEPS: micro-batches per batch; must divide <paramref name="batchSize"/>.</param>
    /// <param name="reduction">How the micro-batch loss is reduced over its samples: Mean (scaled by share) or Sum (not scaled).</param>
    /// <param name="maxGradNorm">Clip the global gradient norm to this before each step (null: no clipping).</param>
    public GradientAccumulator(Optimizer optimizer, int batchSize, int gradAccuSteps, Reduction reduction = Reduction.Mean, double? maxGradNorm = null)
    {
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), $"BATCH_SIZE must be > 0, got {batchSize}.");
        if (gradAccuSteps <= 0) throw new ArgumentOutOfRangeException(nameof(gradAccuSteps), $"GRAD_ACCU_STEPS must be > 0, got {gradAccuSteps}.");
        if (batchSize % gradAccuSteps != 0)
            throw new ArgumentException($"BATCH_SIZE ({batchSize}) is not divisible by GRAD_ACCU_STEPS ({gradAccuSteps}); " +
                "every micro-batch must hold BATCH_SIZE / GRAD_ACCU_STEPS samples.");
        if (reduction == Reduction.None)
            throw new ArgumentException("Gradient accumulation needs a loss reduced to one number per micro-batch (Mean or Sum), not Reduction.None.", nameof(reduction));
        if (maxGradNorm is <= 0) throw new ArgumentOutOfRangeException(nameof(maxGradNorm), $"The gradient clipping norm must be > 0, got {maxGradNorm}.");
        Optimizer = optimizer;
        BatchSize = batchSize;
        GradAccuSteps = gradAccuSteps;
        Reduction = reduction;
        MaxGradNorm = maxGradNorm;
    }

    /// <summary>The optimizer stepped once per batch; its gradients are cleared at the start of each batch.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>BATCH_SIZE.</summary>
    public int BatchSize { get; }

    /// <summary>GRAD_ACCU_STEPS.</summary>
    public int GradAccuSteps { get; }

    /// <summary>BATCH_SIZE / GRAD_ACCU_STEPS.</summary>
    public int MicroBatchSize => BatchSize / GradAccuSteps;

    /// <summary>
    /// The micro-batch loss's reduction over its samples: Mean (each micro-batch loss weighted by its share of the
    /// batch, so the summed gradient is the full-batch mean's) or Sum (not scaled).
    /// </summary>
    public Reduction Reduction { get; }

    /// <summary>The accumulated gradients are clipped to this global L2 norm after the last micro-batch, before the step; null: no clipping.</summary>
    public double? MaxGradNorm { get; }

    /// <summary>
    /// Trains on one batch: clears the gradients, runs <paramref name="microBatchLoss"/>(start, count) and backward
    /// for each micro-batch of the batch's <paramref name="samples"/> samples, clips, and steps the optimizer once.
    /// </summary>
    /// <param name="samples">Samples in this batch: BATCH_SIZE, or fewer for the last batch of an epoch.</param>
    /// <param name="microBatchLoss">The loss (a scalar with the configured reduction) of samples [start, start + count) of the batch.</param>
    public AccumulationResult Step(int samples, Func<int, int, Tensor> microBatchLoss)
    {
        if (samples <= 0 || samples > BatchSize)
            throw new ArgumentOutOfRangeException(nameof(samples), $"A batch must hold 1..BATCH_SIZE ({BatchSize}) samples, got {samples}.");
        Optimizer.ZeroGrad();
        var device = Optimizer.Parameters.Count > 0 ? Optimizer.Parameters[0].Device : null;
        double loss = 0;
        long activationBytes = 0;
        int microBatches = 0;
        for (int start = 0; start < samples; start += MicroBatchSize)
        {
            int count = Math.Min(MicroBatchSize, samples - start);
            // The share is count / samples, not 1 / K: the two agree for equal micro-batches, and only the share keeps
            // the sum equal to the full-batch mean when the last micro-batch is shorter.
            double share = Reduction == Reduction.Mean ? (double)count / samples : 1;
            long before = device?.LiveBytes ?? 0;
            using (Tensor.Scope())
            {
                var microLoss = microBatchLoss(start, count);
                activationBytes = Math.Max(activationBytes, (device?.LiveBytes ?? 0) - before);
                if (microLoss.Numel != 1)
                    throw new InvalidOperationException($"The micro-batch loss must be a single number, got shape {Shape.Format(microLoss.Shape.ToArray())}; reduce it with Mean or Sum.");
                var scaled = share == 1 ? microLoss : microLoss * share;
                scaled.Backward();
                loss += microLoss.Item() * share;
            }
            microBatches++;
        }
        double? norm = MaxGradNorm is { } maxNorm ? Optim.ClipGradNorm(Optimizer.Parameters, maxNorm) : null;
        Optimizer.Step();
        return new AccumulationResult(loss, norm, microBatches) { ActivationBytes = activationBytes };
    }
}
