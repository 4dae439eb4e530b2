namespace Autograd.Nn;

/// <summary>
/// Adam (<c>torch.optim.Adam</c>), with PyTorch's exact update. For each parameter p with gradient g, at step t:
/// <code>
/// g ← g + weightDecay · p                      (L2 penalty, if weightDecay ≠ 0)
/// m ← lerp(m, g, 1 − β₁)                        (= β₁·m + (1 − β₁)·g)
/// v ← β₂·v + (1 − β₂)·g²
/// v̂max ← max(v̂max, v)                          (AMSGrad only; then v̂max replaces v below)
/// p ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
/// </code>
/// ε is added outside the square root, after the bias correction of v.
/// </summary>
public class Adam : Optimizer
{
    private const string ExpAvg = "exp_avg", ExpAvgSq = "exp_avg_sq", MaxExpAvgSq = "max_exp_avg_sq";

    /// <exception cref="ArgumentException">β outside [0, 1), or a negative ε or weight decay.</exception>
    public Adam(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 0, bool amsGrad = false) : base(parameters, learningRate)
    {
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), $"{Kind}: invalid beta1 {beta1}; it must be in [0, 1).");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), $"{Kind}: invalid beta2 {beta2}; it must be in [0, 1).");
        if (!(eps >= 0)) throw new ArgumentOutOfRangeException(nameof(eps), $"{Kind}: invalid eps {eps}; it must be ≥ 0.");
        if (!(weightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(weightDecay), $"{Kind}: invalid weight decay {weightDecay}; it must be ≥ 0.");
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        WeightDecay = weightDecay;
        AmsGrad = amsGrad;
        AddBuffer(ExpAvg);
        AddBuffer(ExpAvgSq);
        if (amsGrad) AddBuffer(MaxExpAvgSq);
    }

    /// <inheritdoc/>
    public override string Kind => "Adam";

    /// <summary>Decay of the first-moment (mean) estimate.</summary>
    public double Beta1 { get; }

    /// <summary>Decay of the second-moment (uncentred variance) estimate.</summary>
    public double Beta2 { get; }

    /// <summary>Added to the denominator for numerical stability.</summary>
    public double Eps { get; }

    /// <summary>Weight decay factor: an L2 penalty added to the gradient here; decoupled in <see cref="AdamW"/>.</summary>
    public double WeightDecay { get; }

    /// <summary>Whether the denominator uses the running maximum of v (Reddi et al., "On the Convergence of Adam and Beyond").</summary>
    public bool AmsGrad { get; }

    /// <inheritdoc/>
    protected override IReadOnlyDictionary<string, double> Hyperparameters => new Dictionary<string, double>
    {
        ["beta1"] = Beta1,
        ["beta2"] = Beta2,
        ["eps"] = Eps,
        ["weight_decay"] = WeightDecay,
        ["amsgrad"] = AmsGrad ? 1 : 0,
    };

    /// <summary>
    /// Applies the weight decay before the moment updates: added to the gradient (Adam) or to the parameter (AdamW).
    /// Returns the gradient to use: <paramref name="grad"/> itself, or a new tensor that the caller disposes.
    /// </summary>
    protected virtual Tensor ApplyWeightDecay(Tensor parameter, Tensor grad)
    {
        if (WeightDecay == 0) return grad;
        using var decay = parameter * WeightDecay;
        return grad + decay;
    }

    /// <inheritdoc/>
    protected override void Update(Tensor parameter, Tensor grad, IReadOnlyDictionary<string, Tensor> buffers, long step)
    {
        // The moment updates and the step are Core's fused Adam step: the same rounding as the formula above written
        // as separate in-place ops, in four passes over the parameter instead of nine and with one pooled temporary.
        var g = ApplyWeightDecay(parameter, grad);
        Tensor.AdamStepInPlace(parameter, g, buffers[ExpAvg], buffers[ExpAvgSq], AmsGrad ? buffers[MaxExpAvgSq] : null, LearningRate,
            Beta1, Beta2, Eps, step);
        if (!ReferenceEquals(g, grad)) g.Dispose();
    }
}
