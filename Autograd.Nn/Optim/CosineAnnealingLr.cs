namespace Autograd.Nn;

/// <summary>
/// Cosine annealing (<c>torch.optim.lr_scheduler.CosineAnnealingLR</c>, closed form):
/// lr(e) = ηmin + (base − ηmin) · (1 + cos(π · e / T)) / 2, from the base rate at e = 0 down to ηmin at e = T.
/// Past T the cosine rises again, as PyTorch's closed form does.
/// </summary>
public sealed class CosineAnnealingLr : LrScheduler
{
    /// <summary>Schedules <paramref name="optimizer"/> and sets epoch 0's rate (the base rate).</summary>
    /// <param name="optimizer">The optimizer to schedule; its <see cref="Optimizer.InitialLearningRate"/> (its current rate if no scheduler has set one) is the base rate.</param>
    /// <param name="maxEpochs">T (PyTorch's <c>T_max</c>): the epoch, counted from 0, at which the rate reaches ηmin; must be &gt; 0.</param>
    /// <param name="minLearningRate">ηmin (PyTorch's <c>eta_min</c>): the lowest rate, reached at epoch T.</param>
    public CosineAnnealingLr(Optimizer optimizer, int maxEpochs, double minLearningRate = 0) : base(optimizer)
    {
        if (maxEpochs <= 0) throw new ArgumentOutOfRangeException(nameof(maxEpochs), $"CosineAnnealingLR: T must be > 0, got {maxEpochs}.");
        MaxEpochs = maxEpochs;
        MinLearningRate = minLearningRate;
        Start();
    }

    /// <inheritdoc/>
    public override string Kind => "CosineAnnealingLR";

    /// <summary>T: the epoch at which the rate reaches its minimum.</summary>
    public int MaxEpochs { get; }

    /// <summary>ηmin.</summary>
    public double MinLearningRate { get; }

    /// <inheritdoc/>
    public override double LearningRateAt(int epoch) =>
        MinLearningRate + (BaseLearningRate - MinLearningRate) * (1 + Math.Cos(Math.PI * epoch / MaxEpochs)) / 2;
}
