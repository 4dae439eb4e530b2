namespace Autograd.Nn;

/// <summary>
/// MCAN's schedule: a warm-up of 1/4, 2/4 and 3/4 of <c>LR_BASE</c> in the first three epochs, then the full rate,
/// multiplied by <c>LR_DECAY_R</c> once for every epoch of <c>LR_DECAY_LIST</c> reached:
/// lr(e) = base · R^(number of decay epochs ≤ e) · min(1, (e + 1) / (W + 1)), with W = 3 warm-up epochs.
/// </summary>
/// <remarks>
/// MCAN applies the warm-up per optimizer step, switching at multiples of <c>data_size / batch_size</c> steps; per
/// epoch is the same schedule when an epoch has that many steps. The decay multiplies the base rate first, as
/// MCAN's <c>adjust_lr</c> does, so the two compose.
/// </remarks>
public sealed class McanWarmupLr : LrScheduler
{
    /// <summary>Schedules <paramref name="optimizer"/> and sets epoch 0's rate.</summary>
    /// <param name="optimizer">The optimizer to schedule; its <see cref="Optimizer.InitialLearningRate"/> (its current rate if no scheduler has set one) is LR_BASE.</param>
    /// <param name="decayEpochs">LR_DECAY_LIST: epochs (counted from 0, any order) at whose start the rate is multiplied by
    /// <paramref name="decayRate"/>.</param>
    /// <param name="decayRate">LR_DECAY_R: the factor applied at each decay epoch.</param>
    /// <param name="warmupEpochs">W: warm-up epochs; epoch e &lt; W uses (e + 1) / (W + 1) of the rate. ≥ 0; 0 for none.</param>
    public McanWarmupLr(Optimizer optimizer, IEnumerable<int> decayEpochs, double decayRate, int warmupEpochs = 3) : base(optimizer)
    {
        DecayEpochs = decayEpochs.Order().ToArray();
        if (warmupEpochs < 0) throw new ArgumentOutOfRangeException(nameof(warmupEpochs), $"MCAN warm-up: the warm-up length must be ≥ 0, got {warmupEpochs}.");
        DecayRate = decayRate;
        WarmupEpochs = warmupEpochs;
        Start();
    }

    /// <inheritdoc/>
    public override string Kind => "McanWarmup";

    /// <summary>LR_DECAY_LIST: the epochs (counted from 0) at whose start the rate is multiplied by <see cref="DecayRate"/>.</summary>
    public IReadOnlyList<int> DecayEpochs { get; }

    /// <summary>LR_DECAY_R.</summary>
    public double DecayRate { get; }

    /// <summary>Epochs of warm-up (3 in MCAN: 1/4, 2/4, 3/4).</summary>
    public int WarmupEpochs { get; }

    /// <inheritdoc/>
    public override double LearningRateAt(int epoch)
    {
        double rate = Decay(BaseLearningRate, DecayRate, DecayEpochs.Count(d => d <= epoch));
        // Written as MCAN writes it, lr_base * k / 4, so the arithmetic rounds the same way.
        return epoch < WarmupEpochs ? rate * (epoch + 1) / (WarmupEpochs + 1) : rate;
    }
}
