namespace Autograd.Nn;

/// <summary>
/// Linear warm-up (<c>torch.optim.lr_scheduler.LinearLR</c>, closed form): the factor on the base rate goes linearly
/// from <c>startFactor</c> at epoch 0 to <c>endFactor</c> at epoch <c>warmupEpochs</c> and stays there:
/// lr(e) = base · (s + (f − s) · min(e, W) / W).
/// </summary>
public sealed class LinearWarmupLr : LrScheduler
{
    /// <summary>Schedules <paramref name="optimizer"/> and sets epoch 0's rate, base · <paramref name="startFactor"/>.</summary>
    /// <param name="optimizer">The optimizer to schedule; its <see cref="Optimizer.InitialLearningRate"/> (its current rate if no scheduler has set one) is the base rate.</param>
    /// <param name="warmupEpochs">W (PyTorch's <c>total_iters</c>): epochs over which the factor moves from start to end; must be &gt; 0.</param>
    /// <param name="startFactor">s: the factor on the base rate at epoch 0, in (0, 1].</param>
    /// <param name="endFactor">f: the factor from epoch W on, in [0, 1].</param>
    public LinearWarmupLr(Optimizer optimizer, int warmupEpochs = 5, double startFactor = 1.0 / 3, double endFactor = 1) : base(optimizer)
    {
        if (warmupEpochs <= 0) throw new ArgumentOutOfRangeException(nameof(warmupEpochs), $"LinearLR: the warm-up length must be > 0, got {warmupEpochs}.");
        if (!(startFactor > 0 && startFactor <= 1)) throw new ArgumentOutOfRangeException(nameof(startFactor), $"LinearLR: the start factor must be in (0, 1], got {startFactor}.");
        if (!(endFactor >= 0 && endFactor <= 1)) throw new ArgumentOutOfRangeException(nameof(endFactor), $"LinearLR: the end factor must be in [0, 1], got {endFactor}.");
        WarmupEpochs = warmupEpochs;
        StartFactor = startFactor;
        EndFactor = endFactor;
        Start();
    }

    /// <inheritdoc/>
    public override string Kind => "LinearLR";

    /// <summary>W: epochs over which the factor changes.</summary>
    public int WarmupEpochs { get; }

    /// <summary>The factor at epoch 0.</summary>
    public double StartFactor { get; }

    /// <summary>The factor from epoch W on.</summary>
    public double EndFactor { get; }

    /// <inheritdoc/>
    public override double LearningRateAt(int epoch) =>
        BaseLearningRate * (StartFactor + (EndFactor - StartFactor) * Math.Min(epoch, WarmupEpochs) / WarmupEpochs);
}
