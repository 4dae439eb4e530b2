namespace Autograd.Nn;

/// <summary>
/// Multi-step decay (<c>torch.optim.lr_scheduler.MultiStepLR</c>; MCAN's <c>LR_DECAY_LIST</c> with factor
/// <c>LR_DECAY_R</c>): lr(e) = base · γ^(number of milestones ≤ e).
/// </summary>
public sealed class MultiStepLr : LrScheduler
{
    /// <summary>Schedules <paramref name="optimizer"/> and sets epoch 0's rate.</summary>
    /// <param name="optimizer">The optimizer to schedule; its <see cref="Optimizer.InitialLearningRate"/> (its current rate if no scheduler has set one) is the base rate.</param>
    /// <param name="milestones">Epochs (counted from 0, any order, each ≥ 0) at whose start the rate is multiplied by
    /// <paramref name="gamma"/>; an epoch listed twice decays twice, as in PyTorch.</param>
    /// <param name="gamma">The factor applied at each milestone.</param>
    public MultiStepLr(Optimizer optimizer, IEnumerable<int> milestones, double gamma = 0.1) : base(optimizer)
    {
        Milestones = milestones.Order().ToArray();
        if (Milestones.Any(m => m < 0)) throw new ArgumentOutOfRangeException(nameof(milestones), $"MultiStepLR: milestones must be ≥ 0, got [{string.Join(", ", Milestones)}].");
        Gamma = gamma;
        Start();
    }

    /// <inheritdoc/>
    public override string Kind => "MultiStepLR";

    /// <summary>The epochs at whose start the rate is multiplied by <see cref="Gamma"/>, ascending.</summary>
    public IReadOnlyList<int> Milestones { get; }

    /// <summary>The factor applied at each milestone.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    public override double LearningRateAt(int epoch) => Decay(BaseLearningRate, Gamma, Milestones.Count(m => m <= epoch));
}
