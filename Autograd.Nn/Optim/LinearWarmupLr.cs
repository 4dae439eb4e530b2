namespace Autograd.Nn;

/// <summary>
/// Linear warm-up (<c>torch.optim.lr_scheduler.LinearLR</c>, closed form): the factor on the base rate goes linearly
/// from <c>startFactor</c> at epoch 0 to <c>endFactor</c> at epoch <c>warmupEpochs</c> and stays there:
/// lr(e) = base · (s + (f − s) · min(e, W) / W).
/// </summary>
public sealed class LinearWarmupLr : LrScheduler
{
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

    public override string Kind => "LinearLR";

    /// <summary>W: epochs over which the factor changes.</summary>
    public int WarmupEpochs { get; }

    /// <summary>The factor at epoch 0.</summary>
    public double StartFactor { get; }

    /// <summary>The factor from epoch W on.</summary>
    public double EndFactor { get; }

    public override double LearningRateAt(int epoch) =>
        BaseLearningRate * (StartFactor + (EndFactor - StartFactor) * Math.Min(epoch, WarmupEpochs) / WarmupEpochs);
}
