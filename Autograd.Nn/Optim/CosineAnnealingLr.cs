namespace Autograd.Nn;

/// <summary>
/// Cosine annealing (<c>torch.optim.lr_scheduler.CosineAnnealingLR</c>, closed form):
/// lr(e) = ηmin + (base − ηmin) · (1 + cos(π · e / T)) / 2, from the base rate at e = 0 down to ηmin at e = T.
/// Past T the cosine rises again, as PyTorch's closed form does.
/// </summary>
public sealed class CosineAnnealingLr : LrScheduler
{
    public CosineAnnealingLr(Optimizer optimizer, int maxEpochs, double minLearningRate = 0) : base(optimizer)
    {
        if (maxEpochs <= 0) throw new ArgumentOutOfRangeException(nameof(maxEpochs), $"CosineAnnealingLR: T must be > 0, got {maxEpochs}.");
        MaxEpochs = maxEpochs;
        MinLearningRate = minLearningRate;
        Start();
    }

    public override string Kind => "CosineAnnealingLR";

    /// <summary>T: the epoch at which the rate reaches its minimum.</summary>
    public int MaxEpochs { get; }

    /// <summary>ηmin.</summary>
    public double MinLearningRate { get; }

    public override double LearningRateAt(int epoch) =>
        MinLearningRate + (BaseLearningRate - MinLearningRate) * (1 + Math.Cos(Math.PI * epoch / MaxEpochs)) / 2;
}
