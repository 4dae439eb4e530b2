namespace Autograd.Nn;

/// <summary>A scheduler's position, enough to resume it: its kind, the epoch it is at and the base learning rate.</summary>
public sealed record LrSchedulerState(string Kind, int Epoch, double BaseLearningRate);

/// <summary>
/// Sets an optimizer's learning rate from the epoch number. Every schedule here is a closed-form function of the
/// epoch (<see cref="LearningRateAt"/>), so its state is just the epoch and the base rate, and jumping to any epoch
/// (resuming) gives the same rate as getting there step by step.
/// </summary>
/// <remarks>
/// <para>As in PyTorch, epochs count from 0 and construction already applies epoch 0's rate; call <see cref="Step()"/>
/// once at the end of every epoch:
/// <code>
/// var scheduler = new MultiStepLr(optimizer, [10, 12], 0.2);
/// for (int epoch = 0; epoch &lt; epochs; epoch++) { Train(epoch); scheduler.Step(); }
/// </code></para>
/// <para>The base rate is the optimizer's <see cref="Optimizer.InitialLearningRate"/>, which the first scheduler
/// built on it sets to its rate at that moment; later ones reuse it, as PyTorch's schedulers share
/// <c>initial_lr</c>. Because each schedule here sets lr = f(base, epoch) outright instead of scaling the
/// current rate, two schedulers stepping one optimizer do not compose as PyTorch's chainable forms do: the
/// last to step decides the rate. This library has no <c>SequentialLR</c> or <c>ChainedScheduler</c>; to combine
/// schedules, use one <see cref="LrScheduler"/> whose <see cref="LearningRateAt"/> composes them, as
/// <see cref="McanWarmupLr"/> composes a warm-up with step decay.</para>
/// </remarks>
public abstract class LrScheduler
{
    /// <param name="optimizer">The optimizer whose <see cref="Optimizer.LearningRate"/> is set. Its
    /// <see cref="Optimizer.InitialLearningRate"/> becomes the base rate, first set to its current rate if no
    /// scheduler has set it yet.</param>
    protected LrScheduler(Optimizer optimizer)
    {
        Optimizer = optimizer;
        optimizer.InitialLearningRate ??= optimizer.LearningRate;
        BaseLearningRate = optimizer.InitialLearningRate.Value;
    }

    /// <summary>The schedule's name in saved state.</summary>
    public abstract string Kind { get; }

    /// <summary>The optimizer being scheduled.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The rate the schedule scales (LR_BASE; PyTorch's <c>base_lrs</c>), taken from <see cref="Optimizer.InitialLearningRate"/>.</summary>
    public double BaseLearningRate { get; private set; }

    /// <summary>The epoch whose rate is in effect (PyTorch's <c>last_epoch</c>).</summary>
    public int Epoch { get; private set; }

    /// <summary>The learning rate for <paramref name="epoch"/> (≥ 0).</summary>
    public abstract double LearningRateAt(int epoch);

    /// <summary>Moves to the next epoch and sets its rate.</summary>
    public void Step() => Step(Epoch + 1);

    /// <summary>Moves to <paramref name="epoch"/> and sets its rate.</summary>
    public void Step(int epoch)
    {
        if (epoch < 0) throw new ArgumentOutOfRangeException(nameof(epoch), $"{Kind}: the epoch must be ≥ 0, got {epoch}.");
        Epoch = epoch;
        Optimizer.LearningRate = LearningRateAt(epoch);
    }

    /// <summary>The scheduler's state.</summary>
    public LrSchedulerState SaveState() => new(Kind, Epoch, BaseLearningRate);

    /// <summary>Restores a state from <see cref="SaveState"/> and sets the optimizer's rate for its epoch.</summary>
    /// <exception cref="ArgumentException">The state was saved by another kind of schedule.</exception>
    public void LoadState(LrSchedulerState state)
    {
        if (state.Kind != Kind)
            throw new ArgumentException($"{Kind}.LoadState: the state was saved by a {state.Kind} schedule.", nameof(state));
        BaseLearningRate = state.BaseLearningRate;
        Step(state.Epoch);
    }

    /// <summary>Sets epoch 0's rate; derived constructors call it last, once their own fields are set.</summary>
    protected void Start() => Step(0);

    /// <summary>
    /// <paramref name="rate"/> multiplied by <paramref name="factor"/> <paramref name="times"/> times, one multiplication at
    /// a time, as PyTorch's chained schedules and MCAN's <c>adjust_lr</c> do (a power can round differently).
    /// </summary>
    protected static double Decay(double rate, double factor, int times)
    {
        for (int i = 0; i < times; i++) rate *= factor;
        return rate;
    }
}
