namespace Autograd.Nn;

/// <summary>
/// Stochastic gradient descent with PyTorch's update rule (<c>torch.optim.SGD</c>). For each parameter p with gradient g:
/// <code>
/// g ← g + weightDecay · p                                  (if weightDecay ≠ 0)
/// b ← g on the first step, else momentum · b + (1 − dampening) · g   (if momentum ≠ 0)
/// g ← g + momentum · b if nesterov, else b                 (if momentum ≠ 0)
/// p ← p − lr · g
/// </code>
/// </summary>
public sealed class Sgd : Optimizer
{
    private const string MomentumBuffer = "momentum_buffer";

    /// <exception cref="ArgumentException">A negative rate, momentum or weight decay, or Nesterov without momentum or with dampening.</exception>
    public Sgd(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double momentum = 0, double dampening = 0,
        double weightDecay = 0, bool nesterov = false) : base(parameters, learningRate)
    {
        if (!(momentum >= 0)) throw new ArgumentOutOfRangeException(nameof(momentum), $"SGD: invalid momentum {momentum}; it must be ≥ 0.");
        if (!(weightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(weightDecay), $"SGD: invalid weight decay {weightDecay}; it must be ≥ 0.");
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException($"SGD: Nesterov momentum requires momentum > 0 and zero dampening (got momentum {momentum}, dampening {dampening}).");
        Momentum = momentum;
        Dampening = dampening;
        WeightDecay = weightDecay;
        Nesterov = nesterov;
        if (momentum != 0) AddBuffer(MomentumBuffer);
    }

    /// <inheritdoc/>
    public override string Kind => "SGD";

    /// <summary>The momentum factor μ (0: plain SGD).</summary>
    public double Momentum { get; }

    /// <summary>Dampening of the gradient added to the momentum buffer.</summary>
    public double Dampening { get; }

    /// <summary>L2 penalty factor, added to the gradient.</summary>
    public double WeightDecay { get; }

    /// <summary>Whether the step looks ahead along the momentum (Sutskever et al.'s Nesterov variant, as PyTorch writes it).</summary>
    public bool Nesterov { get; }

    /// <inheritdoc/>
    protected override IReadOnlyDictionary<string, double> Hyperparameters => new Dictionary<string, double>
    {
        ["momentum"] = Momentum,
        ["dampening"] = Dampening,
        ["weight_decay"] = WeightDecay,
        ["nesterov"] = Nesterov ? 1 : 0,
    };

    /// <inheritdoc/>
    protected override void Update(Tensor parameter, Tensor grad, IReadOnlyDictionary<string, Tensor> buffers, long step)
    {
        // In place with the constants inside the kernels: plain SGD and momentum allocate no tensors; weight decay and
        // Nesterov need one temporary each, as in PyTorch.
        using var decayed = WeightDecay != 0 ? grad.Clone().AddInPlace(parameter, WeightDecay) : null;
        var g = decayed ?? grad;
        Tensor? lookahead = null;
        if (Momentum != 0)
        {
            var buffer = buffers[MomentumBuffer];
            // PyTorch starts the buffer at the first gradient itself, undamped.
            if (step == 1) buffer.CopyFrom(g);
            else buffer.MulInPlace(Momentum).AddInPlace(g, 1 - Dampening);
            if (Nesterov) lookahead = g.Clone().AddInPlace(buffer, Momentum);
            g = lookahead ?? buffer;
        }
        parameter.AddInPlace(g, -LearningRate);
        lookahead?.Dispose();
    }
}
