namespace Autograd.Nn;

/// <summary>
/// AdamW (<c>torch.optim.AdamW</c>, Loshchilov and Hutter, "Decoupled Weight Decay Regularization"): Adam whose weight
/// decay shrinks the parameter directly, p ← p · (1 − lr · weightDecay), before the Adam step, instead of adding
/// weightDecay · p to the gradient, where Adam's per-coordinate scaling would weaken it for parameters with large gradients.
/// </summary>
public sealed class AdamW : Adam
{
    /// <inheritdoc cref="Adam(IEnumerable{Tensor}, double, double, double, double, double, bool)"/>
    public AdamW(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 1e-2, bool amsGrad = false)
        : base(parameters, learningRate, beta1, beta2, eps, weightDecay, amsGrad)
    {
    }

    /// <inheritdoc/>
    public override string Kind => "AdamW";

    /// <inheritdoc/>
    protected override Tensor ApplyWeightDecay(Tensor parameter, Tensor grad)
    {
        if (WeightDecay != 0) parameter.MulInPlace(1 - LearningRate * WeightDecay);
        return grad;
    }
}
