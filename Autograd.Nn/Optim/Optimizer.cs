namespace Autograd.Nn;

/// <summary>
/// Base of the optimizers: holds the parameters, their per-parameter state (an update count and named buffers the
/// size of the parameter) and the learning rate, and runs <see cref="Update"/> for every parameter that has a
/// gradient, under <see cref="Tensor.NoGrad"/> and in place, so parameters keep their identity (modules and other
/// references see the new values).
/// </summary>
/// <remarks>
/// The buffers are allocated when the optimizer is constructed, not at the first step as in PyTorch, so that a
/// <see cref="TensorScope"/> around a training step can never dispose them. Construct optimizers where you
/// construct the model: outside any scope.
/// </remarks>
public abstract class Optimizer
{
    private readonly Tensor[] _parameters;
    private readonly long[] _steps;
    private readonly Dictionary<string, Tensor>[] _buffers;
    private double _learningRate;

    /// <param name="parameters">Leaf tensors with <c>RequiresGrad</c>, each listed once.</param>
    /// <param name="learningRate">The step size (≥ 0).</param>
    protected Optimizer(IEnumerable<Tensor> parameters, double learningRate)
    {
        _parameters = parameters.ToArray();
        if (_parameters.Length == 0) throw new ArgumentException($"{Kind}: got an empty parameter list.", nameof(parameters));
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            if (!p.IsLeaf) throw new ArgumentException($"{Kind}: parameter {i} ({Shape.Format(p.Shape.ToArray())}) is not a leaf tensor, so it cannot be optimized; pass the leaf (or Detach().RequiresGrad_()).", nameof(parameters));
            if (!p.RequiresGrad) throw new ArgumentException($"{Kind}: parameter {i} ({Shape.Format(p.Shape.ToArray())}) does not require grad, so it would never get a gradient.", nameof(parameters));
            if (!seen.Add(p)) throw new ArgumentException($"{Kind}: parameter {i} ({Shape.Format(p.Shape.ToArray())}) appears more than once; it would be updated twice per step.", nameof(parameters));
        }
        _steps = new long[_parameters.Length];
        _buffers = _parameters.Select(_ => new Dictionary<string, Tensor>(StringComparer.Ordinal)).ToArray();
        LearningRate = learningRate;
    }

    /// <summary>The optimizer's name in errors and saved state ("SGD", "Adam", "AdamW").</summary>
    public abstract string Kind { get; }

    /// <summary>The parameters, in the order their state is saved.</summary>
    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <summary>The step size used by the next <see cref="Step"/>; schedulers set it.</summary>
    public double LearningRate
    {
        get => _learningRate;
        set
        {
            if (!(value >= 0)) throw new ArgumentOutOfRangeException(nameof(value), $"{Kind}: invalid learning rate {value}; it must be ≥ 0.");
            _learningRate = value;
        }
    }

    /// <summary>The hyperparameters other than the learning rate, saved with the state and checked when it is loaded.</summary>
    protected abstract IReadOnlyDictionary<string, double> Hyperparameters { get; }

    /// <summary>Applies one update to every parameter that has a gradient (parameters with <c>Grad == null</c> are skipped, as in PyTorch).</summary>
    public void Step()
    {
        using var noGrad = Tensor.NoGrad();
        for (int i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            if (p.Grad is not { } grad) continue;
            _steps[i]++;
            Update(p, grad, _buffers[i], _steps[i]);
        }
    }

    /// <summary>
    /// Updates one parameter in place (grad mode is off). <paramref name="step"/> counts this parameter's updates,
    /// this one included (1 on the first).
    /// </summary>
    protected abstract void Update(Tensor parameter, Tensor grad, IReadOnlyDictionary<string, Tensor> buffers, long step);

    /// <summary>Gives every parameter a zero buffer named <paramref name="name"/>, of its shape, dtype and device.</summary>
    protected void AddBuffer(string name)
    {
        for (int i = 0; i < _parameters.Length; i++) _buffers[i][name] = Tensor.ZerosLike(_parameters[i]);
    }

    /// <summary>
    /// Clears the gradients. With <paramref name="setToNone"/> (PyTorch's default) <c>Grad</c> becomes null and its
    /// tensor is disposed, so the next backward allocates afresh; otherwise the gradients are filled with zeros.
    /// </summary>
    public void ZeroGrad(bool setToNone = true)
    {
        foreach (var p in _parameters)
        {
            if (p.Grad is not { } grad) continue;
            if (setToNone || grad.GradFn is not null)
            {
                // A gradient with history (from createGraph) must not be zeroed in place: that would write into its graph.
                p.Grad = null;
                grad.Dispose();
                continue;
            }
            using (Tensor.NoGrad()) grad.ZeroInPlace();
        }
    }

    /// <summary>A copy of the optimizer's state (see <see cref="OptimizerState"/>).</summary>
    public OptimizerState SaveState()
    {
        using var noGrad = Tensor.NoGrad();
        var parameters = new ParameterState[_parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            var buffers = _buffers[i].ToDictionary(kv => kv.Key, kv => kv.Value.Clone(), StringComparer.Ordinal);
            parameters[i] = new ParameterState(_steps[i], buffers);
        }
        return new OptimizerState(Kind, LearningRate, new Dictionary<string, double>(Hyperparameters), parameters);
    }

    /// <summary>
    /// Restores a state saved by <see cref="SaveState"/> (copying its values into this optimizer's buffers).
    /// Everything is checked before anything changes.
    /// </summary>
    /// <exception cref="ArgumentException">The state is from another kind of optimizer, other hyperparameters, another
    /// number of parameters, or has missing, unexpected or wrongly shaped buffers; the message names each problem.</exception>
    public void LoadState(OptimizerState state)
    {
        var problems = StateProblems(state);
        if (problems.Count > 0)
            throw new ArgumentException($"{Kind}.LoadState: the state does not fit this optimizer: {string.Join("; ", problems)}.", nameof(state));

        using var noGrad = Tensor.NoGrad();
        for (int i = 0; i < _parameters.Length; i++)
        {
            _steps[i] = state.Parameters[i].Step;
            foreach (var (name, buffer) in _buffers[i]) buffer.CopyFrom(state.Parameters[i].Buffers[name]);
        }
        LearningRate = state.LearningRate;
    }

    /// <summary>Every reason <paramref name="state"/> cannot be loaded into this optimizer (empty when it can).</summary>
    internal List<string> StateProblems(OptimizerState state)
    {
        var problems = new List<string>();
        if (state.Kind != Kind) problems.Add($"it was saved by {state.Kind}");
        foreach (var (name, value) in Hyperparameters)
        {
            if (!state.Hyperparameters.TryGetValue(name, out double saved)) problems.Add($"hyperparameter {name} is missing");
            else if (!saved.Equals(value)) problems.Add($"{name} is {saved} in the state but {value} here");
        }
        if (!(state.LearningRate >= 0)) problems.Add($"its learning rate {state.LearningRate} is invalid");
        if (state.Parameters.Count != _parameters.Length)
            problems.Add($"it has {state.Parameters.Count} parameters but this optimizer has {_parameters.Length}");
        else
        {
            for (int i = 0; i < _parameters.Length; i++) CheckBuffers(i, state.Parameters[i], problems);
        }
        return problems;
    }

    private void CheckBuffers(int i, ParameterState saved, List<string> problems)
    {
        if (saved.Step < 0) problems.Add($"parameter {i} has a negative step count {saved.Step}");
        foreach (var (name, buffer) in _buffers[i])
        {
            if (!saved.Buffers.TryGetValue(name, out var value)) problems.Add($"parameter {i} has no {name}");
            else if (!value.Shape.SequenceEqual(buffer.Shape))
                problems.Add($"parameter {i}'s {name} has shape {Shape.Format(value.Shape.ToArray())} but the parameter has {Shape.Format(buffer.Shape.ToArray())}");
            else if (value.DType != buffer.DType)
                problems.Add($"parameter {i}'s {name} is {value.DType.Name()} but the parameter is {buffer.DType.Name()}");
        }
        foreach (var name in saved.Buffers.Keys.Where(n => !_buffers[i].ContainsKey(n)))
            problems.Add($"parameter {i} has an unexpected buffer {name}");
    }
}
