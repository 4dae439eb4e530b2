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
/// construct the model: outside any scope. Until a parameter's first update its buffers follow it to whatever
/// device it is on (e.g. after <see cref="Module.To"/>), since in PyTorch they would only be created then.
/// </remarks>
public abstract class Optimizer
{
    private readonly Tensor[] _parameters;
    private readonly long[] _steps;
    private readonly Dictionary<string, Tensor>[] _buffers;
    private double _learningRate;
    private double? _initialLearningRate;

    /// <param name="parameters">Leaf tensors, each listed once. Frozen ones (<c>RequiresGrad = false</c>) are accepted, as in
    /// PyTorch; they get no gradient from backward, so <see cref="Step"/> skips them.</param>
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

    /// <summary>
    /// The rate schedules start from (PyTorch's <c>initial_lr</c> in the parameter group): null until the first
    /// <see cref="LrScheduler"/> built on this optimizer records <see cref="LearningRate"/> here. Every scheduler takes
    /// it as its base rate, so a later scheduler starts from the same rate as the first, not from whatever rate an
    /// earlier schedule has set since.
    /// </summary>
    public double? InitialLearningRate
    {
        get => _initialLearningRate;
        set
        {
            if (value is { } rate && !(rate >= 0))
                throw new ArgumentOutOfRangeException(nameof(value), $"{Kind}: invalid initial learning rate {rate}; it must be ≥ 0.");
            _initialLearningRate = value;
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
            MoveNewStateToParameter(i);
            _steps[i]++;
            Update(p, grad, _buffers[i], _steps[i]);
        }
    }

    /// <summary>
    /// Moves parameter <paramref name="i"/>'s buffers to its device if it has not been updated yet: PyTorch creates
    /// the state at the first update, on the parameter's device, so a model moved after its optimizer was built
    /// still trains. State that has been updated is never moved silently; PyTorch would fail there too.
    /// </summary>
    private void MoveNewStateToParameter(int i)
    {
        var device = _parameters[i].Device;
        foreach (var (name, buffer) in _buffers[i])
        {
            if (ReferenceEquals(buffer.Device, device)) continue;
            if (_steps[i] != 0)
                throw new InvalidOperationException(
                    $"{Kind}.Step: parameter {i} ({Shape.Format(_parameters[i].Shape.ToArray())}) is on {device.Name} but its {name} is on " +
                    $"{buffer.Device.Name}: it was moved after the optimizer's first step. Move the model before the first step, " +
                    "or reload the state (LoadState(SaveState())), which puts it on each parameter's device.");
            using var moved = buffer.To(device);
            buffer.SetData(moved);
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
    /// Clears the gradients, as <see cref="Module.ZeroGrad"/> does. With <paramref name="setToNone"/> (PyTorch's
    /// default) <c>Grad</c> becomes null and its tensor is disposed, so the next backward allocates afresh; otherwise
    /// each gradient is detached from any graph in place (PyTorch's <c>detach_()</c>) and filled with zeros.
    /// </summary>
    public void ZeroGrad(bool setToNone = true) => Optim.ZeroGrad(_parameters, setToNone);

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
        return new OptimizerState(Kind, LearningRate, new Dictionary<string, double>(Hyperparameters), parameters)
        {
            InitialLearningRate = InitialLearningRate,
        };
    }

    /// <summary>
    /// Restores a state saved by <see cref="SaveState"/>: its values go into this optimizer's buffers, each placed on
    /// its parameter's device as PyTorch's <c>load_state_dict</c> does, and its <see cref="OptimizerState.InitialLearningRate"/>
    /// replaces this optimizer's. Everything is checked before anything changes.
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
            foreach (var (name, buffer) in _buffers[i]) Restore(buffer, state.Parameters[i].Buffers[name], _parameters[i].Device);
        }
        LearningRate = state.LearningRate;
        InitialLearningRate = state.InitialLearningRate;
    }

    /// <summary>Gives <paramref name="buffer"/> the values of <paramref name="saved"/>, on <paramref name="device"/>.</summary>
    private static void Restore(Tensor buffer, Tensor saved, Device device)
    {
        if (!ReferenceEquals(saved.Device, device))
        {
            using var moved = saved.To(device);
            Restore(buffer, moved, device);
            return;
        }
        if (ReferenceEquals(buffer.Device, device))
        {
            buffer.CopyFrom(saved);
            return;
        }
        // The buffer must not share the saved tensor's elements, which belong to the caller's snapshot.
        using var copy = saved.Clone();
        buffer.SetData(copy);
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
        if (state.InitialLearningRate is { } initial && !(initial >= 0)) problems.Add($"its initial learning rate {initial} is invalid");
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
