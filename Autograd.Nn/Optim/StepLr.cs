namespace Autograd.Nn;

/// <summary>Step decay (<c>torch.optim.lr_scheduler.StepLR</c>): lr(e) = base · γ^⌊e / stepSize⌋.</summary>
public sealed class StepLr : LrScheduler
{
    public StepLr(Optimizer optimizer, int stepSize, double gamma = 0.1) : base(optimizer)
    {
        if (stepSize <= 0) throw new ArgumentOutOfRangeException(nameof(stepSize), $"StepLR: the step size must be > 0, got {stepSize}.");
        StepSize = stepSize;
        Gamma = gamma;
        Start();
    }

    public override string Kind => "StepLR";

    /// <summary>Epochs between decays.</summary>
    public int StepSize { get; }

    /// <summary>The factor applied at each decay.</summary>
    public double Gamma { get; }

    public override double LearningRateAt(int epoch) => Decay(BaseLearningRate, Gamma, epoch / StepSize);
}
