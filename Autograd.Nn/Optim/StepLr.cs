namespace Autograd.Nn;

/// <summary>Step decay (<c>torch.optim.lr_scheduler.StepLR</c>): lr(e) = base · γ^⌊e / stepSize⌋.</summary>
public sealed class StepLr : LrScheduler
{
    /// <summary>Schedules <paramref name="optimizer"/> and sets epoch 0's rate (the base rate).</summary>
    /// <param name="optimizer">The optimizer to schedule; its <see cref="Optimizer.InitialLearningRate"/> (its current rate if no scheduler has set one) is the base rate.</param>
    /// <param name="stepSize">Epochs between decays (PyTorch's <c>step_size</c>); must be &gt; 0.</param>
    /// <param name="gamma">The factor multiplying the rate every <paramref name="stepSize"/> epochs.</param>
    public StepLr(Optimizer optimizer, int stepSize, double gamma = 0.1) : base(optimizer)
    {
        if (stepSize <= 0) throw new ArgumentOutOfRangeException(nameof(stepSize), $"StepLR: the step size must be > 0, got {stepSize}.");
        StepSize = stepSize;
        Gamma = gamma;
        Start();
    }

    /// <inheritdoc/>
    public override string Kind => "StepLR";

    /// <summary>Epochs between decays.</summary>
    public int StepSize { get; }

    /// <summary>The factor applied at each decay.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    public override double LearningRateAt(int epoch) => Decay(BaseLearningRate, Gamma, epoch / StepSize);
}
